package dev.sluice.traffic.istio;

import dev.sluice.api.v1alpha1.IstioTrafficRouting;
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
import dev.sluice.traffic.patch.ManagedRouteNames;
import dev.sluice.traffic.patch.ObjectChange;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPMatchRequest;
import io.fabric8.istio.api.api.networking.v1alpha3.StringMatch;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Routes traffic through an Istio VirtualService (networking.istio.io/v1) in the Rollout's namespace, on its http
 * routes and on the tls and tcp routes the spec lists: host-level
 * (destinations are the canary and stable Services) or, with a destinationRule, subset-level, where the
 * DestinationRule's subsets are first put on the current hashes (for every change that sends traffic to them).
 */
public final class IstioRouter extends ChangeRouter {
  private final RoutingTarget target;
  private final IstioTrafficRouting spec;
  private final ObjectRef<VirtualService> virtualService;
  private final ObjectRef<DestinationRule> destinationRule;
  private final DestinationMatcher destinations;

  public IstioRouter(ChangeExecutor executor, RoutingTarget target) {
    super(executor);
    this.target = target;
    this.spec = target.trafficRouting().istio;
    if (spec.virtualService == null || spec.virtualService.name == null) {
      throw new InvalidRoutingSpecException(SpecFields.ISTIO + ".virtualService.name", "name the VirtualService to shift traffic on");
    }
    this.virtualService = ObjectRef.of(VirtualService.class, target.namespace(), spec.virtualService.name,
        SpecFields.ISTIO + ".virtualService.name");
    this.destinationRule = spec.destinationRule == null ? null : ObjectRef.of(DestinationRule.class, target.namespace(),
        spec.destinationRule.name, SpecFields.ISTIO + ".destinationRule.name");
    this.destinations = DestinationMatcher.of(target);
  }

  @Override
  public List<Change> weightChanges(int canaryWeight) {
    checkWeight(canaryWeight, target.maxWeight());
    return withSubsets(vs -> {
      JsonPatch patch = VirtualServiceWeights.plan(vs, splits(vs), canaryWeight, target.maxWeight());
      VirtualServiceL4Routes.plan(patch, vs, l4Routes(vs), canaryWeight, target.maxWeight());
      return patch;
    });
  }

  @Override
  public List<Change> headerRouteChanges(SetHeaderRoute step) {
    String field = SpecFields.SET_HEADER_ROUTE;
    ManagedRouteNames.requireManaged(target, step.name, field);
    if (step.match == null || step.match.isEmpty()) {
      return removal(step.name);
    }
    Map<String, StringMatch> headers = IstioMatches.headers(step.match, field);
    return withSubsets(vs -> VirtualServiceManagedRoutes.replace(vs, step.name, VirtualServiceManagedRoutes.headerRoutes(
        virtualService, vs, VirtualServiceSplits.sources(splits(vs)), step.name, headers, field), target.managedRoutes()));
  }

  @Override
  public List<Change> mirrorRouteChanges(SetMirrorRoute step) {
    String field = SpecFields.SET_MIRROR_ROUTE;
    ManagedRouteNames.requireManaged(target, step.name, field);
    if (step.match == null || step.match.isEmpty()) {
      return removal(step.name);
    }
    List<HTTPMatchRequest> matches = new ArrayList<>();
    for (int i = 0; i < step.match.size(); i++) {
      matches.add(IstioMatches.match(step.match.get(i), field + ".match[" + i + "]"));
    }
    int percent = step.percentage == null ? 100 : step.percentage;
    return withSubsets(vs -> VirtualServiceManagedRoutes.replace(vs, step.name, VirtualServiceManagedRoutes.mirrorRoutes(
        virtualService, vs, VirtualServiceSplits.sources(splits(vs)), step.name, matches, percent, field), target.managedRoutes()));
  }

  @Override
  public List<Change> removalChanges() {
    return List.of(new ObjectChange<>(virtualService, VirtualServiceManagedRoutes::removeAll));
  }

  @Override
  public WeightVerification verifyWeight(int canaryWeight) {
    checkWeight(canaryWeight, target.maxWeight());
    List<String> mismatches = new ArrayList<>();
    if (destinationRule != null) {
      mismatches.addAll(DestinationRuleSubsets.mismatches(executor.read(destinationRule), destinationRule, spec.destinationRule,
          target.canaryHash(), target.stableHash()));
    }
    VirtualService vs = executor.read(virtualService);
    mismatches.addAll(VirtualServiceWeights.mismatches(virtualService, vs, splits(vs), canaryWeight, target.maxWeight()));
    mismatches.addAll(VirtualServiceL4Routes.mismatches(virtualService, vs, l4Routes(vs), canaryWeight, target.maxWeight()));
    return WeightVerification.of(mismatches);
  }

  private List<Change> removal(String managedRoute) {
    return List.of(new ObjectChange<>(virtualService, vs -> VirtualServiceManagedRoutes.replace(vs, managedRoute, List.of(),
        target.managedRoutes())));
  }

  /** The DestinationRule's subsets first (when subset-level), so traffic never reaches a subset on an old hash. */
  private List<Change> withSubsets(Function<VirtualService, JsonPatch> virtualServicePlanner) {
    List<Change> changes = new ArrayList<>();
    if (destinationRule != null) {
      changes.add(new ObjectChange<>(destinationRule, dr -> DestinationRuleSubsets.plan(dr, destinationRule, spec.destinationRule,
          target.canaryHash(), target.stableHash())));
    }
    changes.add(new ObjectChange<>(virtualService, virtualServicePlanner));
    return changes;
  }

  private List<L4Route> l4Routes(VirtualService vs) {
    return VirtualServiceL4Routes.find(vs, virtualService, spec.virtualService, destinations);
  }

  private List<SplitRoute> splits(VirtualService vs) {
    return VirtualServiceSplits.find(vs, virtualService, spec.virtualService, destinations);
  }
}
