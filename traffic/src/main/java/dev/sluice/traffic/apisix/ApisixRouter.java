package dev.sluice.traffic.apisix;

import dev.sluice.api.v1alpha1.ApisixTrafficRouting;
import dev.sluice.api.v1alpha1.SetHeaderRoute;
import dev.sluice.api.v1alpha1.SetMirrorRoute;
import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.SpecFields;
import dev.sluice.traffic.WeightVerification;
import dev.sluice.traffic.patch.Change;
import dev.sluice.traffic.patch.ChangeExecutor;
import dev.sluice.traffic.patch.ChangeRouter;
import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ObjectChange;
import dev.sluice.traffic.patch.ObjectRef;
import dev.sluice.traffic.patch.OwnedObjectChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Routes traffic through Apache APISIX, as Argo Rollouts' trafficRouting.apisix does: in the ApisixRoute named by
 * route.name, each http rule named in route.rules (by default the one named like the route) has backends on the canary
 * and stable Services, and Sluice keeps their weights at the step's weight and 100 minus it (0/100 outside a release).
 * Only those weight members are written, each guarded by tests that the rule and the backend at those indices still
 * have the names read, so a concurrent reordering fails the patch instead of moving traffic to the wrong Service.
 * setHeaderRoute steps get an ApisixRoute of their own, named after the managed route ({@link ApisixHeaderRoute}).
 */
public final class ApisixRouter extends ChangeRouter {
  /** APISIX's weight of a backend without one (apisix-ingress-controller's default). */
  static final int DEFAULT_WEIGHT = 100;

  private final RoutingTarget target;
  private final ObjectRef<ApisixRoute> ref;
  private final List<String> rules;

  public ApisixRouter(ChangeExecutor executor, RoutingTarget target) {
    super(executor);
    this.target = target;
    ApisixTrafficRouting spec = target.trafficRouting().apisix;
    if (spec.route == null || spec.route.name == null || spec.route.name.isEmpty()) {
      throw new InvalidRoutingSpecException(SpecFields.APISIX + ".route.name", "name the ApisixRoute");
    }
    this.ref = ObjectRef.of(ApisixRoute.class, target.namespace(), spec.route.name, SpecFields.APISIX + ".route");
    this.rules = spec.route.rules == null || spec.route.rules.isEmpty() ? List.of(spec.route.name) : List.copyOf(spec.route.rules);
  }

  @Override
  public List<Change> weightChanges(int canaryWeight) {
    checkWeight(canaryWeight, target.maxWeight());
    return List.of(new ObjectChange<>(ref, live -> plan(live, canaryWeight)));
  }

  private JsonPatch plan(ApisixRoute live, int canaryWeight) {
    JsonPatch patch = new JsonPatch();
    for (String name : rules) {
      int rule = rule(live, name);
      List<ApisixRoute.Backend> backends = live.getSpec().http.get(rule).backends;
      set(patch, live, rule, backend(backends, name, target.canaryService()), canaryWeight);
      set(patch, live, rule, backend(backends, name, target.stableService()), target.maxWeight() - canaryWeight);
    }
    return patch;
  }

  private static void set(JsonPatch patch, ApisixRoute live, int rule, int backend, int weight) {
    ApisixRoute.Rule r = live.getSpec().http.get(rule);
    ApisixRoute.Backend b = r.backends.get(backend);
    if (Objects.equals(b.weight, weight)) {
      return;
    }
    String at = JsonPatch.path("spec", "http", rule);
    patch.test(at + "/name", r.name);
    patch.test(at + "/backends/" + backend + "/serviceName", b.serviceName);
    patch.set(at + "/backends/" + backend + "/weight", weight, b.weight != null);
  }

  private int rule(ApisixRoute live, String name) {
    List<ApisixRoute.Rule> http = live.getSpec() == null || live.getSpec().http == null ? List.of() : live.getSpec().http;
    for (int i = 0; i < http.size(); i++) {
      if (name.equals(http.get(i).name)) {
        return i;
      }
    }
    throw ref.invalid(SpecFields.APISIX + ".route.rules", "has no http rule named " + name
        + (target.trafficRouting().apisix.route.rules == null ? " (without route.rules, the rule named like the route)" : ""));
  }

  private int backend(List<ApisixRoute.Backend> backends, String rule, String service) {
    int found = -1;
    for (int i = 0; backends != null && i < backends.size(); i++) {
      if (service.equals(backends.get(i).serviceName)) {
        if (found >= 0) {
          throw ref.invalid("http rule " + rule + " names Service " + service + " in two backends: which one to weigh is unclear");
        }
        found = i;
      }
    }
    if (found < 0) {
      throw ref.invalid("http rule " + rule + " has no backend on Service " + service + "; list the canary and stable "
          + "Services among its backends (" + target.canaryService() + ", " + target.stableService() + ")");
    }
    return found;
  }

  /**
   * The managed route's own ApisixRoute (see {@link ApisixHeaderRoute}), created with the Rollout as its controller;
   * a step without match, the end of the release and an abort delete it.
   */
  @Override
  public List<Change> headerRouteChanges(SetHeaderRoute route) {
    return List.of(new OwnedObjectChange<>(headerRef(route.name), target.requireOwner(), () -> {
      if (route.match == null || route.match.isEmpty()) {
        return null;
      }
      ApisixRoute base = executor.read(ref);
      return ApisixHeaderRoute.desired(base, rules, target.canaryService(), target.stableService(), route,
          name -> {
            int rule = rule(base, name);
            backend(base.getSpec().http.get(rule).backends, name, target.canaryService());
            return rule;
          });
    }));
  }

  /** Nothing: the CRD lets these steps through only when another router takes them (Argo's apisix has no mirror). */
  @Override
  public List<Change> mirrorRouteChanges(SetMirrorRoute route) {
    return List.of();
  }

  /** Every managed route's ApisixRoute the Rollout controls is deleted; one it does not control is refused. */
  @Override
  public List<Change> removalChanges() {
    if (target.managedRoutes().isEmpty()) {
      return List.of();
    }
    List<Change> changes = new ArrayList<>();
    for (String name : target.managedRoutes()) {
      changes.add(new OwnedObjectChange<>(headerRef(name), target.requireOwner(), () -> null));
    }
    return changes;
  }

  private ObjectRef<ApisixRoute> headerRef(String managedRoute) {
    return ObjectRef.of(ApisixRoute.class, target.namespace(), managedRoute, "spec.strategy.canary.trafficRouting.managedRoutes");
  }

  /** Verified when every named rule gives the canary and stable Services exactly these weights. */
  @Override
  public WeightVerification verifyWeight(int canaryWeight) {
    checkWeight(canaryWeight, target.maxWeight());
    ApisixRoute live = executor.find(ref);
    if (live == null) {
      return WeightVerification.of(List.of(ref + " does not exist, want canary weight " + canaryWeight));
    }
    List<String> mismatches = new ArrayList<>();
    for (String name : rules) {
      ApisixRoute.Rule rule = live.getSpec() == null || live.getSpec().http == null ? null
          : live.getSpec().http.stream().filter(r -> name.equals(r.name)).findFirst().orElse(null);
      if (rule == null) {
        mismatches.add(ref + " has no http rule " + name + ", want canary weight " + canaryWeight);
        continue;
      }
      check(mismatches, name, rule, target.canaryService(), canaryWeight);
      check(mismatches, name, rule, target.stableService(), target.maxWeight() - canaryWeight);
    }
    return WeightVerification.of(mismatches);
  }

  private void check(List<String> mismatches, String name, ApisixRoute.Rule rule, String service, int want) {
    List<ApisixRoute.Backend> backends = rule.backends == null ? List.of() : rule.backends;
    List<ApisixRoute.Backend> matching = backends.stream().filter(b -> service.equals(b.serviceName)).toList();
    Integer actual = matching.size() != 1 ? null : matching.get(0).weight == null ? DEFAULT_WEIGHT : matching.get(0).weight;
    if (!Objects.equals(actual, want)) {
      mismatches.add(ref + " rule " + name + ": backend " + service + " has "
          + (actual == null ? "no single entry" : "weight " + actual) + ", want " + want);
    }
  }
}
