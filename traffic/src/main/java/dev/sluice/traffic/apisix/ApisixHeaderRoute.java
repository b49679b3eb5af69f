package dev.sluice.traffic.apisix;

import dev.sluice.api.v1alpha1.HeaderRoutingMatch;
import dev.sluice.api.v1alpha1.SetHeaderRoute;
import dev.sluice.traffic.patch.Json;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The ApisixRoute a setHeaderRoute step makes, as Argo Rollouts makes it: named after the managed route, a copy of
 * the Rollout's ApisixRoute whose named http rules send everything to the canary Service, one priority above the
 * rule they copy, and match the step's headers through {@code match.exprs} (exact: Equal; regex and prefix:
 * RegexMatch). Unlike Argo Rollouts, the copy keeps only the named rules: a copy of the others would route their
 * paths a second time.
 */
final class ApisixHeaderRoute {
  /** The weight of the only backend of a copied rule (Argo Rollouts writes 100). */
  static final int ALL = 100;
  static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";

  private ApisixHeaderRoute() {
  }

  static ApisixRoute desired(ApisixRoute base, List<String> rules, String canaryService, String stableService,
      SetHeaderRoute route, Function<String, Integer> ruleIndex) {
    ApisixRoute copy = new ApisixRoute();
    copy.setMetadata(new ObjectMeta());
    Map<String, String> annotations = base.getMetadata().getAnnotations();
    if (annotations != null && annotations.containsKey(CLASS_ANNOTATION)) {
      // The class annotation older apisix-ingress-controllers still select routes by (newer ones read ingressClassName).
      copy.getMetadata().setAnnotations(Map.of(CLASS_ANNOTATION, annotations.get(CLASS_ANNOTATION)));
    }
    ApisixRoute.Spec spec = Json.copy(base.getSpec());
    List<ApisixRoute.Rule> kept = new ArrayList<>();
    for (String name : rules) {
      ApisixRoute.Rule rule = Json.copy(base.getSpec().http.get(ruleIndex.apply(name)));
      List<ApisixRoute.Backend> backends = new ArrayList<>();
      for (ApisixRoute.Backend backend : rule.backends) {
        if (canaryService.equals(backend.serviceName)) {
          backend.weight = ALL;
          backends.add(backend);
        } else if (!stableService.equals(backend.serviceName)) {
          backends.add(backend);
        }
      }
      rule.backends = backends;
      rule.priority = (rule.priority == null ? 0 : rule.priority) + 1;
      rule.other("match", match(rule.other().get("match"), route.match));
      kept.add(rule);
    }
    spec.http = kept;
    copy.setSpec(spec);
    return copy;
  }

  /** The rule's match (hosts, paths, methods) with exprs replaced by the step's header conditions. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> match(Object live, List<HeaderRoutingMatch> matches) {
    Map<String, Object> match = live instanceof Map<?, ?> m ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    List<Map<String, Object>> exprs = new ArrayList<>();
    for (HeaderRoutingMatch header : matches) {
      Map<String, Object> subject = new LinkedHashMap<>();
      subject.put("scope", "Header");
      subject.put("name", header.headerName);
      if (header.headerValue.exact != null) {
        exprs.add(expr(subject, "Equal", header.headerValue.exact));
      } else if (header.headerValue.regex != null) {
        exprs.add(expr(subject, "RegexMatch", header.headerValue.regex));
      } else if (header.headerValue.prefix != null) {
        // Quoted, so that a prefix with regex characters (a dot in a version) matches itself only.
        exprs.add(expr(subject, "RegexMatch", "^" + Pattern.quote(header.headerValue.prefix) + ".*"));
      }
    }
    match.put("exprs", exprs);
    return match;
  }

  private static Map<String, Object> expr(Map<String, Object> subject, String op, String value) {
    Map<String, Object> expr = new LinkedHashMap<>();
    expr.put("subject", subject);
    expr.put("op", op);
    expr.put("value", value);
    return expr;
  }
}
