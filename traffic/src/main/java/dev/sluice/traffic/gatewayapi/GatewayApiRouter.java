package dev.sluice.traffic.gatewayapi;

import dev.sluice.api.v1alpha1.RouteMatch;
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
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Routes traffic through the Gateway API HTTPRoutes of trafficRouting.gatewayAPI. Weights are set on the
 * backendRefs of every rule that references the stable service; setHeaderRoute adds rules to the routes marked
 * useHeaderRoutes (or the single httpRoute), setMirrorRoute to every route.
 */
public final class GatewayApiRouter extends ChangeRouter {
  private final RoutingTarget target;
  private final List<HttpRouteRef> routes;

  public GatewayApiRouter(ChangeExecutor executor, RoutingTarget target) {
    super(executor);
    this.target = target;
    this.routes = HttpRouteRef.of(target);
  }

  @Override
  public List<Change> weightChanges(int canaryWeight) {
    checkWeight(canaryWeight, target.maxWeight());
    return changes(routes, ref -> route -> HttpRouteWeights.plan(route, splits(ref, route), canaryWeight, target.maxWeight()));
  }

  @Override
  public List<Change> headerRouteChanges(SetHeaderRoute step) {
    String field = SpecFields.SET_HEADER_ROUTE;
    ManagedRouteNames.requireManaged(target, step.name, field);
    if (step.match == null || step.match.isEmpty()) {
      return removal(step.name);
    }
    if (routes.stream().noneMatch(HttpRouteRef::takesHeaderRoutes)) {
      throw new InvalidRoutingSpecException(SpecFields.GATEWAY_API + ".httpRoutes",
          "setHeaderRoute \"" + step.name + "\" needs at least one route with useHeaderRoutes: true");
    }
    List<HTTPHeaderMatch> headers = GatewayMatches.headers(step.match, field);
    List<String> precedence = target.managedRoutes();
    // Routes without useHeaderRoutes get none (and lose any left from an earlier spec).
    return changes(routes, ref -> route -> HttpRouteManagedRules.replace(route, step.name, ref.takesHeaderRoutes()
        ? HttpRouteManagedRules.headerRules(ref.object(), route, sources(ref, route), step.name, headers, field)
        : List.of(), precedence));
  }

  @Override
  public List<Change> mirrorRouteChanges(SetMirrorRoute step) {
    String field = SpecFields.SET_MIRROR_ROUTE;
    ManagedRouteNames.requireManaged(target, step.name, field);
    if (step.match == null || step.match.isEmpty()) {
      return removal(step.name);
    }
    List<HTTPRouteMatch> matches = new ArrayList<>();
    for (int i = 0; i < step.match.size(); i++) {
      RouteMatch match = step.match.get(i);
      matches.add(GatewayMatches.match(match, field + ".match[" + i + "]"));
    }
    int percent = step.percentage == null ? 100 : step.percentage;
    List<String> precedence = target.managedRoutes();
    return changes(routes, ref -> route -> HttpRouteManagedRules.replace(route, step.name,
        HttpRouteManagedRules.mirrorRules(ref.object(), route, sources(ref, route), step.name, matches, percent, field), precedence));
  }

  @Override
  public List<Change> removalChanges() {
    return changes(routes, ref -> HttpRouteManagedRules::removeAll);
  }

  @Override
  public WeightVerification verifyWeight(int canaryWeight) {
    checkWeight(canaryWeight, target.maxWeight());
    List<String> mismatches = new ArrayList<>();
    for (HttpRouteRef ref : routes) {
      HTTPRoute route = executor.read(ref.object());
      mismatches.addAll(HttpRouteWeights.mismatches(ref.object(), route, splits(ref, route), canaryWeight, target.maxWeight()));
    }
    return WeightVerification.of(mismatches);
  }

  private List<Change> removal(String managedRoute) {
    List<String> precedence = target.managedRoutes();
    return changes(routes, ref -> route -> HttpRouteManagedRules.replace(route, managedRoute, List.of(), precedence));
  }

  private List<SplitRule> splits(HttpRouteRef ref, HTTPRoute route) {
    return HttpRouteSplits.find(route, ref.object(), target);
  }

  private List<SplitRule> sources(HttpRouteRef ref, HTTPRoute route) {
    return HttpRouteSplits.sources(splits(ref, route));
  }

  private static List<Change> changes(List<HttpRouteRef> refs, Function<HttpRouteRef, Function<HTTPRoute, JsonPatch>> planner) {
    List<Change> changes = new ArrayList<>();
    for (HttpRouteRef ref : refs) {
      changes.add(new ObjectChange<>(ref.object(), planner.apply(ref)));
    }
    return changes;
  }
}
