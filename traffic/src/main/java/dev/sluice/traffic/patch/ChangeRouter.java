package dev.sluice.traffic.patch;

import dev.sluice.api.v1alpha1.SetHeaderRoute;
import dev.sluice.api.v1alpha1.SetMirrorRoute;
import dev.sluice.traffic.TrafficRouter;
import java.util.List;

/** A router expressed as object changes, so that several routers can be planned together before any write. */
public abstract class ChangeRouter implements TrafficRouter {
  protected final ChangeExecutor executor;

  protected ChangeRouter(ChangeExecutor executor) {
    this.executor = executor;
  }

  public abstract List<Change> weightChanges(int canaryWeight);

  public abstract List<Change> headerRouteChanges(SetHeaderRoute route);

  public abstract List<Change> mirrorRouteChanges(SetMirrorRoute route);

  public abstract List<Change> removalChanges();

  @Override
  public final void setWeight(int canaryWeight) {
    executor.apply(weightChanges(canaryWeight));
  }

  @Override
  public final void setHeaderRoute(SetHeaderRoute route) {
    executor.apply(headerRouteChanges(route));
  }

  @Override
  public final void setMirrorRoute(SetMirrorRoute route) {
    executor.apply(mirrorRouteChanges(route));
  }

  @Override
  public final void removeManagedRoutes() {
    executor.apply(removalChanges());
  }

  /** A canary weight is a part of maxWeight (trafficRouting.maxTrafficWeight, 100 by default). */
  public static int checkWeight(int canaryWeight, int maxWeight) {
    if (canaryWeight < 0 || canaryWeight > maxWeight) {
      throw new IllegalArgumentException("canary weight must be within 0.." + maxWeight + ", got " + canaryWeight);
    }
    return canaryWeight;
  }
}
