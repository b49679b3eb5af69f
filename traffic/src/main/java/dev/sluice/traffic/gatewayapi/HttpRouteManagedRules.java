package dev.sluice.traffic.gatewayapi;

import dev.sluice.traffic.patch.Json;
import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ManagedEntries;
import dev.sluice.traffic.patch.ManagedRouteNames;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.BackendObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules Sluice adds for header and mirror routes. Each is a copy of a split rule (same filters, timeouts and
 * so on, so the canary sees requests as the stable does), named {@code sluice.<managed route>.<n>}, with its matches
 * narrowed by the step's match. A header rule sends everything to the canary; a mirror rule keeps the split
 * rule's weighted backends and adds a RequestMirror filter to the canary. Matching a rule's matches plus more
 * headers makes a rule more specific, so Gateway API gives it precedence over the rule it was copied from.
 */
final class HttpRouteManagedRules {
  static final String RULES = "/spec/rules";

  private HttpRouteManagedRules() {
  }

  static List<HTTPRouteRule> headerRules(ObjectRef<HTTPRoute> ref, HTTPRoute route, List<SplitRule> sources,
      String managedRoute, List<HTTPHeaderMatch> headers, String field) {
    HTTPRouteMatch extra = new HTTPRouteMatch();
    extra.setHeaders(headers);
    List<HTTPRouteRule> rules = new ArrayList<>();
    for (int k = 0; k < sources.size(); k++) {
      SplitRule source = sources.get(k);
      HTTPRouteRule rule = Json.copy(rule(route, source));
      rule.setName(ManagedRouteNames.entryName(managedRoute, k));
      rule.setMatches(narrow(ref, route, source, List.of(extra), field));
      HTTPBackendRef canary = rule.getBackendRefs().get(source.canaryRef());
      // The only backend: any weight above 0 sends it everything; 0 would send nothing.
      canary.setWeight(1);
      rule.setBackendRefs(List.of(canary));
      rules.add(rule);
    }
    return rules;
  }

  static List<HTTPRouteRule> mirrorRules(ObjectRef<HTTPRoute> ref, HTTPRoute route, List<SplitRule> sources,
      String managedRoute, List<HTTPRouteMatch> matches, int percent, String field) {
    List<HTTPRouteRule> rules = new ArrayList<>();
    for (int k = 0; k < sources.size(); k++) {
      SplitRule source = sources.get(k);
      HTTPRouteRule rule = Json.copy(rule(route, source));
      rule.setName(ManagedRouteNames.entryName(managedRoute, k));
      rule.setMatches(narrow(ref, route, source, matches, field));
      List<HTTPRouteFilter> filters = new ArrayList<>(rule.getFilters() == null ? List.of() : rule.getFilters());
      filters.add(mirrorTo(rule.getBackendRefs().get(source.canaryRef()), percent));
      rule.setFilters(filters);
      rules.add(rule);
    }
    return rules;
  }

  /** Replaces the managed route's rules by desired (none: removes them), guarded by the route's resourceVersion. */
  static JsonPatch replace(HTTPRoute route, String managedRoute, List<HTTPRouteRule> desired, List<String> precedence) {
    JsonPatch patch = new JsonPatch();
    ManagedEntries.replace(patch, RULES, Json.trees(route.getSpec().getRules()), managedRoute, Json.trees(desired), precedence);
    return guarded(patch, route);
  }

  static JsonPatch removeAll(HTTPRoute route) {
    JsonPatch patch = new JsonPatch();
    ManagedEntries.removeAll(patch, RULES, Json.trees(route.getSpec().getRules()));
    return guarded(patch, route);
  }

  // New rules are derived from the split rules as read: any concurrent change must make the patch fail.
  private static JsonPatch guarded(JsonPatch patch, HTTPRoute route) {
    return patch.changesNothing() ? patch : patch.test("/metadata/resourceVersion", route.getMetadata().getResourceVersion());
  }

  private static List<HTTPRouteMatch> narrow(ObjectRef<HTTPRoute> ref, HTTPRoute route, SplitRule source,
      List<HTTPRouteMatch> extras, String field) {
    HTTPRouteRule rule = rule(route, source);
    List<HTTPRouteMatch> ruleMatches = rule.getMatches() == null || rule.getMatches().isEmpty()
        ? List.of(GatewayMatches.everything()) : rule.getMatches();
    List<HTTPRouteMatch> narrowed = new ArrayList<>();
    for (HTTPRouteMatch ruleMatch : ruleMatches) {
      for (HTTPRouteMatch extra : extras) {
        Optional<HTTPRouteMatch> both = GatewayMatches.and(ruleMatch, extra);
        if (both.isEmpty()) {
          throw ref.invalid(field + ".match", "the step's match " + GatewayMatches.describe(extra)
              + " cannot be combined with rule " + HttpRouteSplits.describe(rule, source.index()) + "'s match "
              + GatewayMatches.describe(ruleMatch) + " (different path or method, or a different value for the same header)");
        }
        narrowed.add(both.get());
      }
    }
    return narrowed;
  }

  private static HTTPRouteFilter mirrorTo(HTTPBackendRef canary, int percent) {
    return new HTTPRouteFilterBuilder().withType("RequestMirror").withNewRequestMirror()
        .withBackendRef(new BackendObjectReferenceBuilder().withGroup(canary.getGroup()).withKind(canary.getKind())
            .withName(canary.getName()).withNamespace(canary.getNamespace()).withPort(canary.getPort()).build())
        .withPercent(percent).endRequestMirror().build();
  }

  private static HTTPRouteRule rule(HTTPRoute route, SplitRule split) {
    return route.getSpec().getRules().get(split.index());
  }
}
