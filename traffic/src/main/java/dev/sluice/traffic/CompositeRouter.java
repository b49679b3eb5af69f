package dev.sluice.traffic;

import dev.sluice.api.v1alpha1.SetHeaderRoute;
import dev.sluice.api.v1alpha1.SetMirrorRoute;
import dev.sluice.traffic.patch.Change;
import dev.sluice.traffic.patch.ChangeExecutor;
import dev.sluice.traffic.patch.ChangeRouter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Several routers as one: every object of every router is read and planned before the first write. */
final class CompositeRouter extends ChangeRouter {
  private final List<ChangeRouter> routers;

  CompositeRouter(ChangeExecutor executor, List<ChangeRouter> routers) {
    super(executor);
    this.routers = List.copyOf(routers);
  }

  @Override
  public List<Change> weightChanges(int canaryWeight) {
    return all(r -> r.weightChanges(canaryWeight));
  }

  @Override
  public List<Change> headerRouteChanges(SetHeaderRoute route) {
    return all(r -> r.headerRouteChanges(route));
  }

  @Override
  public List<Change> mirrorRouteChanges(SetMirrorRoute route) {
    return all(r -> r.mirrorRouteChanges(route));
  }

  @Override
  public List<Change> removalChanges() {
    return all(ChangeRouter::removalChanges);
  }

  @Override
  public WeightVerification verifyWeight(int canaryWeight) {
    WeightVerification result = WeightVerification.of(List.of());
    for (ChangeRouter router : routers) {
      result = result.and(router.verifyWeight(canaryWeight));
    }
    return result;
  }

  private List<Change> all(Function<ChangeRouter, List<Change>> changes) {
    List<Change> all = new ArrayList<>();
    routers.forEach(router -> all.addAll(changes.apply(router)));
    return all;
  }
}
