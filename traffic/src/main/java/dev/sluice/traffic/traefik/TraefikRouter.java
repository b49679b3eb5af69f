package dev.sluice.traffic.traefik;

import dev.sluice.api.v1alpha1.SetHeaderRoute;
import dev.sluice.api.v1alpha1.SetMirrorRoute;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.SpecFields;
import dev.sluice.traffic.WeightVerification;
import dev.sluice.traffic.patch.Change;
import dev.sluice.traffic.patch.ChangeExecutor;
import dev.sluice.traffic.patch.ChangeRouter;
import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ObjectChange;
import dev.sluice.traffic.patch.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Routes traffic through a Traefik weighted round robin, as Argo Rollouts' trafficRouting.traefik does: the
 * TraefikService named by weightedTraefikServiceName lists the canary and stable Services under spec.weighted.services,
 * and Sluice keeps their weights at the step's weight and 100 minus it (0/100 outside a release). Only those two
 * weight members are written, each guarded by a test that the entry at that index still names the Service read, so a
 * concurrent reordering fails the patch instead of moving traffic to the wrong Service.
 */
public final class TraefikRouter extends ChangeRouter {
  /** Traefik's weight of an entry without one. */
  static final int DEFAULT_WEIGHT = 1;

  private final RoutingTarget target;
  private final ObjectRef<TraefikService> ref;

  public TraefikRouter(ChangeExecutor executor, RoutingTarget target) {
    super(executor);
    this.target = target;
    this.ref = ObjectRef.of(TraefikService.class, target.namespace(),
        target.trafficRouting().traefik.weightedTraefikServiceName, SpecFields.TRAEFIK + ".weightedTraefikServiceName");
  }

  @Override
  public List<Change> weightChanges(int canaryWeight) {
    checkWeight(canaryWeight, target.maxWeight());
    return List.of(new ObjectChange<>(ref, live -> plan(live, canaryWeight)));
  }

  private JsonPatch plan(TraefikService live, int canaryWeight) {
    List<TraefikService.WeightedService> services = services(live);
    JsonPatch patch = new JsonPatch();
    set(patch, services, index(services, target.canaryService()), canaryWeight);
    set(patch, services, index(services, target.stableService()), target.maxWeight() - canaryWeight);
    return patch;
  }

  private static void set(JsonPatch patch, List<TraefikService.WeightedService> services, int index, int weight) {
    TraefikService.WeightedService service = services.get(index);
    if (Objects.equals(service.weight, weight)) {
      return;
    }
    String at = JsonPatch.path("spec", "weighted", "services", index);
    patch.test(at + "/name", service.name);
    patch.set(at + "/weight", weight, service.weight != null);
  }

  private List<TraefikService.WeightedService> services(TraefikService live) {
    if (live.getSpec() == null || live.getSpec().weighted == null || live.getSpec().weighted.services == null) {
      throw ref.invalid("has no spec.weighted.services: Sluice shifts weights on a weighted round robin");
    }
    return live.getSpec().weighted.services;
  }

  /** The index of the entry for a Service of the Rollout's namespace; the TraefikService is refused without one. */
  private int index(List<TraefikService.WeightedService> services, String name) {
    List<Integer> found = entries(services, name);
    if (found.size() > 1) {
      throw ref.invalid("lists Service " + name + " twice in spec.weighted.services: which one to weigh is unclear");
    }
    if (found.isEmpty()) {
      throw ref.invalid("has no entry for Service " + name + " in spec.weighted.services; list the canary and stable "
          + "Services there (" + target.canaryService() + ", " + target.stableService() + ")");
    }
    return found.get(0);
  }

  /** The entries that are the Kubernetes Service of that name in the Rollout's namespace (not a nested TraefikService). */
  private List<Integer> entries(List<TraefikService.WeightedService> services, String name) {
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < services.size(); i++) {
      TraefikService.WeightedService s = services.get(i);
      boolean service = s.kind == null || s.kind.isEmpty() || "Service".equals(s.kind);
      boolean here = s.namespace == null || s.namespace.isEmpty() || target.namespace().equals(s.namespace);
      if (service && here && name.equals(s.name)) {
        found.add(i);
      }
    }
    return found;
  }

  /** Nothing: the CRD lets these steps through only when another router takes them. */
  @Override
  public List<Change> headerRouteChanges(SetHeaderRoute route) {
    return List.of();
  }

  @Override
  public List<Change> mirrorRouteChanges(SetMirrorRoute route) {
    return List.of();
  }

  @Override
  public List<Change> removalChanges() {
    return List.of();
  }

  /** Verified when the TraefikService's entries give the canary and stable Services exactly these weights. */
  @Override
  public WeightVerification verifyWeight(int canaryWeight) {
    checkWeight(canaryWeight, target.maxWeight());
    TraefikService live = executor.find(ref);
    if (live == null) {
      return WeightVerification.of(List.of(ref + " does not exist, want canary weight " + canaryWeight));
    }
    List<String> mismatches = new ArrayList<>();
    check(mismatches, live, target.canaryService(), canaryWeight);
    check(mismatches, live, target.stableService(), target.maxWeight() - canaryWeight);
    return WeightVerification.of(mismatches);
  }

  private void check(List<String> mismatches, TraefikService live, String name, int want) {
    List<TraefikService.WeightedService> services = live.getSpec() == null || live.getSpec().weighted == null
        || live.getSpec().weighted.services == null ? List.of() : live.getSpec().weighted.services;
    List<Integer> entries = entries(services, name);
    Integer actual = entries.size() != 1 ? null
        : services.get(entries.get(0)).weight == null ? DEFAULT_WEIGHT : services.get(entries.get(0)).weight;
    if (!Objects.equals(actual, want)) {
      mismatches.add(ref + ": service " + name + " has " + (actual == null ? "no entry" : "weight " + actual) + ", want " + want);
    }
  }
}
