package dev.sluice.traffic.alb;

import dev.sluice.api.v1alpha1.AlbTrafficRouting;
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
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Routes traffic through the AWS Load Balancer Controller, as Argo Rollouts' trafficRouting.alb does: each Ingress
 * named by the Rollout keeps, in its {@code alb.ingress.kubernetes.io/actions.<rootService>} annotation, a forward
 * action that splits requests between the canary and stable Services at the step's weight (0/100 outside a release).
 * The Ingress must route to that action: a rule whose backend is the rootService (or stableService) on the port named
 * {@code use-annotation}. Sluice writes that one annotation and nothing else of the Ingress; the write is guarded by
 * the value read, so a concurrent change is re-read instead of overwritten.
 *
 * <p>Weights are verified on the Ingress only: whether the controller carried them to the ALB's target groups
 * (Argo Rollouts' --aws-verify-target-group) needs the AWS API, which Sluice does not call.
 */
public final class AlbRouter extends ChangeRouter {
  /** The port name that tells the AWS Load Balancer Controller to take the backend from an action annotation. */
  static final String USE_ANNOTATION = "use-annotation";

  private final RoutingTarget target;
  private final AlbTrafficRouting spec;
  private final String actionService;
  private final String annotation;
  private final List<ObjectRef<Ingress>> ingresses;
  private final AlbHeaderRoutes headerRoutes;

  public AlbRouter(ChangeExecutor executor, RoutingTarget target) {
    super(executor);
    this.target = target.preferringPingPong();
    this.spec = target.trafficRouting().alb;
    if (spec.servicePort == null) {
      throw new InvalidRoutingSpecException(SpecFields.ALB + ".servicePort", "set the port of the canary and stable Services");
    }
    this.actionService = spec.rootService == null || spec.rootService.isEmpty() ? target.stableService() : spec.rootService;
    this.annotation = ForwardAction.annotation(spec, actionService);
    this.ingresses = refs(target.namespace(), spec);
    this.headerRoutes = new AlbHeaderRoutes(spec, this.target.canaryService(), this.target.managedRoutes());
  }

  @Override
  public List<Change> weightChanges(int canaryWeight) {
    // Percentages: the CRD refuses maxTrafficWeight with this router.
    checkWeight(canaryWeight, 100);
    String desired = ForwardAction.json(spec, target.canaryService(), target.stableService(), canaryWeight);
    List<Change> changes = new ArrayList<>();
    for (ObjectRef<Ingress> ref : ingresses) {
      changes.add(new ObjectChange<>(ref, live -> plan(ref, live, desired)));
    }
    return changes;
  }

  private JsonPatch plan(ObjectRef<Ingress> ref, Ingress live, String desired) {
    requireActionBackend(ref, live);
    Map<String, String> annotations = live.getMetadata().getAnnotations();
    JsonPatch patch = new JsonPatch();
    if (annotations == null) {
      patch.test(JsonPatch.path("metadata", "uid"), live.getMetadata().getUid());
      return patch.add(JsonPatch.path("metadata", "annotations"), Map.of(annotation, desired));
    }
    String current = annotations.get(annotation);
    if (ForwardAction.same(current, desired)) {
      return patch;
    }
    String path = JsonPatch.path("metadata", "annotations", annotation);
    if (current == null) {
      patch.test(JsonPatch.path("metadata", "uid"), live.getMetadata().getUid());
    } else {
      patch.test(path, current);
    }
    return patch.set(path, desired, current != null);
  }

  /** Without a rule on the action, the controller would never read the annotation: weights would shift nowhere. */
  private void requireActionBackend(ObjectRef<Ingress> ref, Ingress live) {
    List<IngressRule> rules = live.getSpec() == null || live.getSpec().getRules() == null ? List.of() : live.getSpec().getRules();
    for (IngressRule rule : rules) {
      List<HTTPIngressPath> paths = rule.getHttp() == null || rule.getHttp().getPaths() == null ? List.of() : rule.getHttp().getPaths();
      for (HTTPIngressPath path : paths) {
        IngressBackend backend = path.getBackend();
        if (backend != null && backend.getService() != null && actionService.equals(backend.getService().getName())
            && backend.getService().getPort() != null && USE_ANNOTATION.equals(backend.getService().getPort().getName())) {
          return;
        }
      }
    }
    throw ref.invalid("has no rule with a backend on Service " + actionService + " and port name " + USE_ANNOTATION
        + "; the AWS Load Balancer Controller reads the action annotation " + annotation + " only for such a backend");
  }

  /** A header route in each Ingress: its action and conditions annotations and a rule path ({@link AlbHeaderRoutes}). */
  @Override
  public List<Change> headerRouteChanges(SetHeaderRoute route) {
    List<Change> changes = new ArrayList<>();
    for (ObjectRef<Ingress> ref : ingresses) {
      changes.add(new ObjectChange<>(ref, live -> headerRoutes.plan(live, route.name, route.match)));
    }
    return changes;
  }

  /** Nothing: an ALB cannot mirror; the CRD lets these steps through only when another router takes them. */
  @Override
  public List<Change> mirrorRouteChanges(SetMirrorRoute route) {
    return List.of();
  }

  /** The header routes go; the weighted action annotation stays, at 0/100 outside a release. */
  @Override
  public List<Change> removalChanges() {
    if (target.managedRoutes().isEmpty()) {
      return List.of();
    }
    List<Change> changes = new ArrayList<>();
    for (ObjectRef<Ingress> ref : ingresses) {
      changes.add(new ObjectChange<>(ref, headerRoutes::removeAll));
    }
    return changes;
  }

  /** Verified when each Ingress's action gives the canary and stable Services these weights (not the ALB itself). */
  @Override
  public WeightVerification verifyWeight(int canaryWeight) {
    checkWeight(canaryWeight, 100);
    List<String> mismatches = new ArrayList<>();
    for (ObjectRef<Ingress> ref : ingresses) {
      Ingress live = executor.find(ref);
      if (live == null) {
        mismatches.add(ref + " does not exist, want canary weight " + canaryWeight);
        continue;
      }
      Map<String, String> annotations = live.getMetadata().getAnnotations();
      String value = annotations == null ? null : annotations.get(annotation);
      if (value == null) {
        mismatches.add(ref + " has no " + annotation + ", want canary weight " + canaryWeight);
        continue;
      }
      check(mismatches, ref, value, target.canaryService(), canaryWeight);
      check(mismatches, ref, value, target.stableService(), 100 - canaryWeight);
    }
    return WeightVerification.of(mismatches);
  }

  private void check(List<String> mismatches, ObjectRef<Ingress> ref, String value, String service, int want) {
    Optional<Integer> actual = ForwardAction.weightOf(value, service);
    if (actual.isEmpty() || actual.get() != want) {
      mismatches.add(ref + ": " + annotation + " gives " + service + " "
          + actual.map(w -> "weight " + w).orElse("no weight") + ", want " + want);
    }
  }

  private static List<ObjectRef<Ingress>> refs(String namespace, AlbTrafficRouting spec) {
    String field = SpecFields.ALB;
    if (spec.ingress != null && !spec.ingress.isEmpty()) {
      return List.of(ObjectRef.of(Ingress.class, namespace, spec.ingress, field + ".ingress"));
    }
    if (spec.ingresses == null || spec.ingresses.isEmpty()) {
      throw new InvalidRoutingSpecException(field, "set ingress or ingresses");
    }
    List<ObjectRef<Ingress>> refs = new ArrayList<>();
    for (int i = 0; i < spec.ingresses.size(); i++) {
      refs.add(ObjectRef.of(Ingress.class, namespace, spec.ingresses.get(i), field + ".ingresses[" + i + "]"));
    }
    return refs;
  }
}
