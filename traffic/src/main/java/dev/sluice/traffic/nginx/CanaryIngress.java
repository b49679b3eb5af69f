package dev.sluice.traffic.nginx;

import dev.sluice.api.v1alpha1.NginxTrafficRouting;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.patch.Json;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressRuleValue;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The canary Ingress of one stable Ingress, as ingress-nginx's canary feature wants it: the same hosts, paths, TLS and
 * class as the stable one, the canary Service where the stable one has the stable Service, and the canary
 * annotations (canary: "true", canary-weight) next to the Rollout's additional ones.
 */
final class CanaryIngress {
  static final String DEFAULT_PREFIX = "nginx.ingress.kubernetes.io";
  /** The class annotation ingress-nginx still honours; the only stable annotation a canary Ingress needs. */
  static final String CLASS_ANNOTATION = "kubernetes.io/ingress.class";
  static final String SUFFIX = "-canary";
  /** Longest object name the API server takes. */
  private static final int MAX_NAME = 253;

  private CanaryIngress() {
  }

  /** {@code <rollout>-<stable ingress>-canary}, the prefix cut so that it fits in 253 characters, as Argo Rollouts names it. */
  static String name(String rollout, String stableIngress) {
    String prefix = rollout + "-" + stableIngress;
    if (prefix.length() > MAX_NAME - SUFFIX.length()) {
      prefix = prefix.substring(0, MAX_NAME - SUFFIX.length());
    }
    return prefix + SUFFIX;
  }

  static String prefix(NginxTrafficRouting spec) {
    return spec.annotationPrefix == null || spec.annotationPrefix.isEmpty() ? DEFAULT_PREFIX : spec.annotationPrefix;
  }

  static String weightAnnotation(NginxTrafficRouting spec) {
    return prefix(spec) + "/canary-weight";
  }

  static Ingress desired(ObjectRef<Ingress> stableRef, Ingress stable, RoutingTarget target, NginxTrafficRouting spec,
      int canaryWeight) {
    IngressSpec from = stable.getSpec();
    List<IngressRule> rules = canaryRules(from == null ? null : from.getRules(), target);
    if (rules.isEmpty()) {
      throw stableRef.invalid("has no rule with a backend on the stable Service " + target.stableService()
          + "; the canary Ingress copies those rules with the canary Service " + target.canaryService());
    }
    IngressSpec spec2 = new IngressSpec();
    spec2.setIngressClassName(from.getIngressClassName());
    spec2.setTls(from.getTls() == null ? null : Json.copy(from.getTls()));
    spec2.setRules(rules);

    Map<String, String> annotations = new HashMap<>();
    String classAnnotation = stable.getMetadata().getAnnotations() == null ? null
        : stable.getMetadata().getAnnotations().get(CLASS_ANNOTATION);
    if (classAnnotation != null) {
      annotations.put(CLASS_ANNOTATION, classAnnotation);
    }
    String prefix = prefix(spec);
    if (spec.additionalIngressAnnotations != null) {
      spec.additionalIngressAnnotations.forEach((key, value) ->
          annotations.put(key.startsWith(prefix) ? key : prefix + "/" + key, value));
    }
    if (spec.canaryIngressAnnotations != null) {
      annotations.putAll(spec.canaryIngressAnnotations);
    }
    // Always last: canary-by-header and canary-by-cookie, when set, take precedence over the weight in ingress-nginx.
    annotations.put(prefix + "/canary", "true");
    annotations.put(weightAnnotation(spec), Integer.toString(canaryWeight));
    if (target.trafficRouting().maxTrafficWeight != null) {
      // ingress-nginx reads canary-weight as a part of canary-weight-total (100 when absent), as Argo Rollouts sets it.
      annotations.put(prefix + "/canary-weight-total", Integer.toString(target.maxWeight()));
    }

    Ingress canary = new Ingress();
    canary.setMetadata(new ObjectMetaBuilder().withAnnotations(annotations).build());
    canary.setSpec(spec2);
    return canary;
  }

  /** The stable Ingress's rules with their stable-Service paths only, each pointed at the canary Service. */
  private static List<IngressRule> canaryRules(List<IngressRule> stableRules, RoutingTarget target) {
    List<IngressRule> rules = new ArrayList<>();
    if (stableRules == null) {
      return rules;
    }
    for (IngressRule rule : stableRules) {
      if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
        continue;
      }
      List<HTTPIngressPath> paths = new ArrayList<>();
      for (HTTPIngressPath path : rule.getHttp().getPaths()) {
        if (path.getBackend() != null && path.getBackend().getService() != null
            && target.stableService().equals(path.getBackend().getService().getName())) {
          HTTPIngressPath copy = Json.copy(path);
          copy.getBackend().getService().setName(target.canaryService());
          paths.add(copy);
        }
      }
      if (!paths.isEmpty()) {
        IngressRule copy = new IngressRule();
        copy.setHost(rule.getHost());
        copy.setHttp(new HTTPIngressRuleValue(paths));
        rules.add(copy);
      }
    }
    return rules;
  }
}
