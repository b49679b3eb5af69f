package dev.sluice.traffic.smi;

import dev.sluice.api.v1alpha1.SetHeaderRoute;
import dev.sluice.api.v1alpha1.SetMirrorRoute;
import dev.sluice.api.v1alpha1.SmiTrafficRouting;
import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.SpecFields;
import dev.sluice.traffic.WeightVerification;
import dev.sluice.traffic.patch.Change;
import dev.sluice.traffic.patch.ChangeExecutor;
import dev.sluice.traffic.patch.ChangeRouter;
import dev.sluice.traffic.patch.ObjectRef;
import dev.sluice.traffic.patch.OwnedObjectChange;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Routes traffic through an SMI TrafficSplit, as Argo Rollouts' trafficRouting.smi does: Sluice creates it (named
 * trafficSplitName, or after the Rollout), controlled by the Rollout, with the root Service (rootService, or the
 * stableService) split between the canaryService and the stableService, and keeps its weights at the step's weight
 * (0/100 outside a release; it is deleted with the Rollout). A TrafficSplit of that name the Rollout does not
 * control is never changed. The API version is the one the API server prefers among v1alpha1..v1alpha3, found at
 * each reconcile, so installing another SMI version needs no setting.
 */
public final class SmiRouter extends ChangeRouter {
  public static final String GROUP = TrafficSplits.GROUP;

  private final RoutingTarget target;
  private final String version;
  private final ObjectRef<? extends CustomResource<TrafficSplitSpec, Void>> split;

  public SmiRouter(ChangeExecutor executor, RoutingTarget target, List<String> servedVersions) {
    super(executor);
    this.target = target;
    SmiTrafficRouting spec = target.trafficRouting().smi;
    this.version = TrafficSplits.choose(servedVersions).orElseThrow(() -> new InvalidRoutingSpecException(SpecFields.SMI,
        "the API server serves no TrafficSplit (" + GROUP + " " + String.join(", ", TrafficSplits.SUPPORTED)
            + "): install the SMI TrafficSplit CRD of your mesh"));
    String name = spec.trafficSplitName == null || spec.trafficSplitName.isEmpty()
        ? target.requireOwner().getName() : spec.trafficSplitName;
    this.split = ObjectRef.of(TrafficSplits.TYPES.get(version), target.namespace(), name, SpecFields.SMI + ".trafficSplitName");
    target.requireOwner();
  }

  @Override
  public List<Change> weightChanges(int canaryWeight) {
    checkWeight(canaryWeight, target.maxWeight());
    return List.of(change(split, canaryWeight));
  }

  private <T extends CustomResource<TrafficSplitSpec, Void>> Change change(ObjectRef<T> ref, int canaryWeight) {
    return new OwnedObjectChange<>(ref, target.owner(), () -> desired(ref, canaryWeight));
  }

  private <T extends CustomResource<TrafficSplitSpec, Void>> T desired(ObjectRef<T> ref, int canaryWeight) {
    SmiTrafficRouting spec = target.trafficRouting().smi;
    TrafficSplitSpec splitSpec = new TrafficSplitSpec();
    splitSpec.service = spec.rootService == null || spec.rootService.isEmpty() ? target.stableService() : spec.rootService;
    splitSpec.backends = List.of(
        new TrafficSplitSpec.Backend(target.canaryService(), TrafficSplits.weight(version, canaryWeight)),
        new TrafficSplitSpec.Backend(target.stableService(), TrafficSplits.weight(version, target.maxWeight() - canaryWeight)));
    try {
      T object = ref.type().getDeclaredConstructor().newInstance();
      object.setMetadata(new ObjectMeta());
      object.setSpec(splitSpec);
      return object;
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Nothing: a TrafficSplit has weights only; the CRD lets these steps through only when another router takes them. */
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

  /** Verified when the TrafficSplit exists and gives the canary and stable Services exactly these weights. */
  @Override
  public WeightVerification verifyWeight(int canaryWeight) {
    checkWeight(canaryWeight, target.maxWeight());
    CustomResource<TrafficSplitSpec, Void> live = executor.find(split);
    if (live == null) {
      return WeightVerification.of(List.of(split + " does not exist, want canary weight " + canaryWeight));
    }
    List<String> mismatches = new ArrayList<>();
    check(mismatches, live, target.canaryService(), canaryWeight);
    check(mismatches, live, target.stableService(), target.maxWeight() - canaryWeight);
    return WeightVerification.of(mismatches);
  }

  private void check(List<String> mismatches, CustomResource<TrafficSplitSpec, Void> live, String service, int want) {
    List<TrafficSplitSpec.Backend> backends = live.getSpec() == null || live.getSpec().backends == null ? List.of()
        : live.getSpec().backends;
    Integer actual = backends.stream().filter(b -> service.equals(b.service)).findFirst()
        .map(b -> TrafficSplits.weightOf(b.weight)).orElse(null);
    if (!Objects.equals(actual, want)) {
      mismatches.add(split + ": backend " + service + " has weight " + (actual == null ? "none" : actual) + ", want " + want);
    }
  }

  /** The API version in use, e.g. v1alpha3. */
  public String version() {
    return version;
  }
}
