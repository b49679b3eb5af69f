package dev.sluice.traffic.appmesh;

import dev.sluice.api.v1alpha1.AppMeshTrafficRouting;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.api.v1alpha1.SetHeaderRoute;
import dev.sluice.api.v1alpha1.SetMirrorRoute;
import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.SpecFields;
import dev.sluice.traffic.TrafficRoutingException;
import dev.sluice.traffic.WeightVerification;
import dev.sluice.traffic.patch.Change;
import dev.sluice.traffic.patch.ChangeExecutor;
import dev.sluice.traffic.patch.ChangeRouter;
import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ObjectChange;
import dev.sluice.traffic.patch.ObjectRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Routes traffic through AWS App Mesh, as Argo Rollouts' trafficRouting.appMesh does. The VirtualService's provider is
 * a VirtualRouter; on each of its routes Sluice keeps the weighted targets on the canary and stable VirtualNodes at the
 * step's weight and 100 minus it (0/100 outside a release), and pins the two VirtualNodes' pod selectors to the
 * revisions with {@value RolloutLabels#POD_TEMPLATE_HASH}: the stable one to the stable hash, the canary one to the
 * canary hash, or to {@value #NO_CANARY} outside a release (App Mesh's admission webhook refuses two VirtualNodes with
 * the same selector; Argo Rollouts uses the same placeholder). Each weight write is guarded by a test that the target
 * at that index still names the VirtualNode read; nothing else of the objects is written.
 */
public final class AppMeshRouter extends ChangeRouter {
  static final String NO_CANARY = "canary-hash";
  static final String FIELD = SpecFields.APP_MESH;

  private final RoutingTarget target;
  private final AppMeshTrafficRouting spec;
  private final ObjectRef<MeshVirtualService> service;
  private final ObjectRef<VirtualNode> canaryNode;
  private final ObjectRef<VirtualNode> stableNode;

  public AppMeshRouter(ChangeExecutor executor, RoutingTarget target) {
    super(executor);
    this.target = target;
    this.spec = target.trafficRouting().appMesh;
    if (spec.virtualService == null || spec.virtualService.name == null || spec.virtualNodeGroup == null
        || spec.virtualNodeGroup.canaryVirtualNodeRef == null || spec.virtualNodeGroup.stableVirtualNodeRef == null) {
      throw new InvalidRoutingSpecException(FIELD, "set virtualService.name and virtualNodeGroup's canary and stable refs");
    }
    this.service = ObjectRef.of(MeshVirtualService.class, target.namespace(), spec.virtualService.name, FIELD + ".virtualService");
    this.canaryNode = ObjectRef.of(VirtualNode.class, target.namespace(), spec.virtualNodeGroup.canaryVirtualNodeRef.name,
        FIELD + ".virtualNodeGroup.canaryVirtualNodeRef");
    this.stableNode = ObjectRef.of(VirtualNode.class, target.namespace(), spec.virtualNodeGroup.stableVirtualNodeRef.name,
        FIELD + ".virtualNodeGroup.stableVirtualNodeRef");
    if (canaryNode.name().equals(stableNode.name())) {
      throw new InvalidRoutingSpecException(FIELD + ".virtualNodeGroup", "the canary and stable VirtualNodes must differ");
    }
  }

  @Override
  public List<Change> weightChanges(int canaryWeight) {
    // Percentages: the CRD refuses maxTrafficWeight with this router.
    checkWeight(canaryWeight, 100);
    ObjectRef<VirtualRouter> router = router();
    String canaryHash = target.releaseInProgress() ? target.canaryHash() : NO_CANARY;
    return List.of(
        new ObjectChange<>(stableNode, live -> pin(live, target.stableHash())),
        new ObjectChange<>(canaryNode, live -> pin(live, canaryHash)),
        new ObjectChange<>(router, live -> plan(router, live, canaryWeight)));
  }

  /** The VirtualRouter that provides the VirtualService, in the Rollout's namespace. */
  private ObjectRef<VirtualRouter> router() {
    MeshVirtualService live = executor.read(service);
    MeshVirtualService.Ref ref = live.getSpec() == null || live.getSpec().provider == null
        || live.getSpec().provider.virtualRouter == null ? null : live.getSpec().provider.virtualRouter.virtualRouterRef;
    if (ref == null || ref.name == null || ref.name.isEmpty()) {
      throw service.invalid("has no provider.virtualRouter.virtualRouterRef: Sluice shifts weights on a VirtualRouter's routes");
    }
    if (ref.namespace != null && !ref.namespace.isEmpty() && !ref.namespace.equals(target.namespace())) {
      throw service.invalid("names VirtualRouter " + ref.namespace + "/" + ref.name + "; Sluice changes routers in the "
          + "Rollout's namespace only");
    }
    return ObjectRef.of(VirtualRouter.class, target.namespace(), ref.name, FIELD + ".virtualService");
  }

  /** The label set on the pod selector's matchLabels; a null hash leaves the VirtualNode alone. */
  private static JsonPatch pin(VirtualNode live, String hash) {
    JsonPatch patch = new JsonPatch();
    if (hash == null) {
      return patch;
    }
    Map<String, String> labels = live.getSpec() == null || live.getSpec().podSelector == null ? null
        : live.getSpec().podSelector.getMatchLabels();
    String current = labels == null ? null : labels.get(RolloutLabels.POD_TEMPLATE_HASH);
    if (hash.equals(current)) {
      return patch;
    }
    patch.test(JsonPatch.path("metadata", "uid"), live.getMetadata().getUid());
    if (live.getSpec() == null) {
      return patch.add(JsonPatch.path("spec"), Map.of("podSelector", Map.of("matchLabels", Map.of(RolloutLabels.POD_TEMPLATE_HASH, hash))));
    }
    if (live.getSpec().podSelector == null) {
      return patch.add(JsonPatch.path("spec", "podSelector"), Map.of("matchLabels", Map.of(RolloutLabels.POD_TEMPLATE_HASH, hash)));
    }
    if (labels == null) {
      return patch.add(JsonPatch.path("spec", "podSelector", "matchLabels"), Map.of(RolloutLabels.POD_TEMPLATE_HASH, hash));
    }
    return patch.set(JsonPatch.path("spec", "podSelector", "matchLabels", RolloutLabels.POD_TEMPLATE_HASH), hash, current != null);
  }

  private JsonPatch plan(ObjectRef<VirtualRouter> ref, VirtualRouter live, int canaryWeight) {
    JsonPatch patch = new JsonPatch();
    for (Shifted route : routes(ref, live)) {
      set(patch, route, route.index(canaryNode.name(), ref), canaryWeight);
      set(patch, route, route.index(stableNode.name(), ref), 100 - canaryWeight);
    }
    return patch;
  }

  private static void set(JsonPatch patch, Shifted route, int index, int weight) {
    VirtualRouter.WeightedTarget t = route.targets().get(index);
    if (t.weight != null && t.weight == weight) {
      return;
    }
    String at = JsonPatch.path("spec", "routes", route.index(), route.type(), "action", "weightedTargets", index);
    patch.test(at + "/virtualNodeRef/name", t.virtualNodeRef.name);
    patch.set(at + "/weight", weight, t.weight != null);
  }

  /** A route Sluice shifts: its index, its type member (httpRoute...) and its weighted targets. */
  private record Shifted(String name, int index, String type, List<VirtualRouter.WeightedTarget> targets, String namespace) {
    int index(String node, ObjectRef<VirtualRouter> ref) {
      int found = -1;
      for (int i = 0; i < targets.size(); i++) {
        VirtualRouter.WeightedTarget t = targets.get(i);
        boolean here = t.virtualNodeRef != null && (t.virtualNodeRef.namespace == null || t.virtualNodeRef.namespace.isEmpty()
            || namespace.equals(t.virtualNodeRef.namespace));
        if (here && node.equals(t.virtualNodeRef.name)) {
          if (found >= 0) {
            throw ref.invalid("route " + name + " names VirtualNode " + node + " in two weighted targets");
          }
          found = i;
        }
      }
      if (found < 0) {
        throw ref.invalid("route " + name + " has no weighted target on VirtualNode " + node
            + "; list the canary and stable VirtualNodes among its weightedTargets");
      }
      return found;
    }
  }

  private List<Shifted> routes(ObjectRef<VirtualRouter> ref, VirtualRouter live) {
    List<VirtualRouter.Route> all = live.getSpec() == null || live.getSpec().routes == null ? List.of() : live.getSpec().routes;
    List<String> named = spec.virtualService.routes == null ? List.of() : spec.virtualService.routes;
    List<Shifted> shifted = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      VirtualRouter.Route route = all.get(i);
      if (!named.isEmpty() && !named.contains(route.name)) {
        continue;
      }
      shifted.add(shifted(ref, route, i));
    }
    for (String name : named) {
      if (all.stream().noneMatch(r -> name.equals(r.name))) {
        throw ref.invalid(FIELD + ".virtualService.routes", "has no route named " + name);
      }
    }
    if (shifted.isEmpty()) {
      throw ref.invalid("has no routes to shift");
    }
    return shifted;
  }

  private Shifted shifted(ObjectRef<VirtualRouter> ref, VirtualRouter.Route route, int index) {
    Map<String, VirtualRouter.Rule> types = new java.util.LinkedHashMap<>();
    types.put("httpRoute", route.httpRoute);
    types.put("tcpRoute", route.tcpRoute);
    types.put("http2Route", route.http2Route);
    types.put("grpcRoute", route.grpcRoute);
    for (Map.Entry<String, VirtualRouter.Rule> type : types.entrySet()) {
      VirtualRouter.Rule rule = type.getValue();
      if (rule != null) {
        if (rule.action == null || rule.action.weightedTargets == null) {
          throw ref.invalid("route " + route.name + " has no " + type.getKey() + ".action.weightedTargets");
        }
        return new Shifted(route.name, index, type.getKey(), rule.action.weightedTargets, target.namespace());
      }
    }
    throw ref.invalid("route " + route.name + " is none of httpRoute, tcpRoute, http2Route, grpcRoute");
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

  /** Verified when every shifted route gives the canary and stable VirtualNodes exactly these weights. */
  @Override
  public WeightVerification verifyWeight(int canaryWeight) {
    checkWeight(canaryWeight, 100);
    List<String> mismatches = new ArrayList<>();
    try {
      ObjectRef<VirtualRouter> ref = router();
      VirtualRouter live = executor.read(ref);
      for (Shifted route : routes(ref, live)) {
        check(mismatches, ref, route, canaryNode.name(), canaryWeight);
        check(mismatches, ref, route, stableNode.name(), 100 - canaryWeight);
      }
    } catch (TrafficRoutingException e) {
      mismatches.add(e.getMessage());
    }
    return WeightVerification.of(mismatches);
  }

  private static void check(List<String> mismatches, ObjectRef<VirtualRouter> ref, Shifted route, String node, int want) {
    Long actual = route.targets().get(route.index(node, ref)).weight;
    if (!Objects.equals(actual, (long) want)) {
      mismatches.add(ref + " route " + route.name() + ": VirtualNode " + node + " has weight " + actual + ", want " + want);
    }
  }
}
