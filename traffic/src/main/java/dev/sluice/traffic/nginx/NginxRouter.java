package dev.sluice.traffic.nginx;

import dev.sluice.api.v1alpha1.NginxTrafficRouting;
import dev.sluice.api.v1alpha1.SetHeaderRoute;
import dev.sluice.api.v1alpha1.SetMirrorRoute;
import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.SpecFields;
import dev.sluice.traffic.WeightVerification;
import dev.sluice.traffic.patch.Change;
import dev.sluice.traffic.patch.ChangeExecutor;
import dev.sluice.traffic.patch.ChangeRouter;
import dev.sluice.traffic.patch.ObjectRef;
import dev.sluice.traffic.patch.OwnedObjectChange;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Routes traffic through ingress-nginx canary Ingresses, as Argo Rollouts' trafficRouting.nginx does: for each stable
 * Ingress, Sluice creates {@code <rollout>-<stable>-canary}, controlled by the Rollout, and keeps its canary-weight at
 * the step's weight. Unlike Argo Rollouts (which leaves it at weight 0 until the Rollout is deleted), the canary
 * Ingress exists only while a release is in progress: after promotion and after an abort it is deleted, so that its
 * canary-by-header or canary-by-cookie annotations stop sending requests to a canary that is no more.
 *
 * <p>ingress-nginx has one canary Ingress per host and path: header routing comes from the canary-by-header
 * annotations (additionalIngressAnnotations), not from setHeaderRoute or setMirrorRoute steps, which the CRD refuses
 * unless another router (gatewayAPI, istio) takes them.
 */
public final class NginxRouter extends ChangeRouter {
  private final RoutingTarget target;
  private final NginxTrafficRouting spec;
  private final List<ObjectRef<Ingress>> stableIngresses;

  public NginxRouter(ChangeExecutor executor, RoutingTarget target) {
    super(executor);
    this.target = target;
    this.spec = target.trafficRouting().nginx;
    this.stableIngresses = stableRefs(target.namespace(), spec);
    target.requireOwner();
  }

  @Override
  public List<Change> weightChanges(int canaryWeight) {
    checkWeight(canaryWeight, target.maxWeight());
    List<Change> changes = new ArrayList<>();
    for (ObjectRef<Ingress> stable : stableIngresses) {
      changes.add(new OwnedObjectChange<>(canaryRef(stable), target.owner(),
          () -> target.releaseInProgress()
              ? CanaryIngress.desired(stable, executor.read(stable), target, spec, canaryWeight) : null));
    }
    return changes;
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

  /** Nothing to remove: Sluice adds no managed route to a canary Ingress (weights decide whether it exists). */
  @Override
  public List<Change> removalChanges() {
    return List.of();
  }

  /**
   * Verified when each canary Ingress carries the weight, or, outside a release (or at weight 0 before its first
   * write), when there is none.
   */
  @Override
  public WeightVerification verifyWeight(int canaryWeight) {
    checkWeight(canaryWeight, target.maxWeight());
    List<String> mismatches = new ArrayList<>();
    for (ObjectRef<Ingress> stable : stableIngresses) {
      ObjectRef<Ingress> ref = canaryRef(stable);
      Ingress canary = executor.find(ref);
      if (canary == null) {
        if (canaryWeight != 0) {
          mismatches.add(ref + " does not exist, want canary weight " + canaryWeight);
        }
        continue;
      }
      Map<String, String> annotations = canary.getMetadata().getAnnotations();
      String actual = annotations == null ? null : annotations.get(CanaryIngress.weightAnnotation(spec));
      if (!Integer.toString(canaryWeight).equals(actual)) {
        mismatches.add(ref + " has " + CanaryIngress.weightAnnotation(spec) + " " + (actual == null ? "unset" : "\"" + actual + "\"")
            + ", want " + canaryWeight);
      }
    }
    return WeightVerification.of(mismatches);
  }

  private ObjectRef<Ingress> canaryRef(ObjectRef<Ingress> stable) {
    return ObjectRef.of(Ingress.class, stable.namespace(), CanaryIngress.name(target.owner().getName(), stable.name()),
        stable.specField());
  }

  private static List<ObjectRef<Ingress>> stableRefs(String namespace, NginxTrafficRouting spec) {
    String field = SpecFields.NGINX;
    if (spec.stableIngress != null && !spec.stableIngress.isEmpty()) {
      return List.of(ObjectRef.of(Ingress.class, namespace, spec.stableIngress, field + ".stableIngress"));
    }
    if (spec.stableIngresses == null || spec.stableIngresses.isEmpty()) {
      throw new InvalidRoutingSpecException(field, "set stableIngress or stableIngresses");
    }
    List<ObjectRef<Ingress>> refs = new ArrayList<>();
    for (int i = 0; i < spec.stableIngresses.size(); i++) {
      refs.add(ObjectRef.of(Ingress.class, namespace, spec.stableIngresses.get(i), field + ".stableIngresses[" + i + "]"));
    }
    return refs;
  }
}
