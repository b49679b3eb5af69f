package dev.sluice.traffic.alb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1alpha1.AlbTrafficRouting;
import dev.sluice.api.v1alpha1.HeaderRoutingMatch;
import dev.sluice.traffic.patch.JsonPatch;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * setHeaderRoute on an ALB Ingress, as Argo Rollouts writes it: for a managed route named N, the annotations
 * {@code actions.N} (forward all to the canary Service) and {@code conditions.N} (its http-header conditions), and in
 * each rule a path on backend N, port {@code use-annotation}, ahead of the other paths in managedRoutes order, so the
 * AWS Load Balancer Controller makes a listener rule that matches first. A step without match removes all three.
 */
final class AlbHeaderRoutes {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AlbTrafficRouting spec;
  private final String canaryService;
  private final List<String> managedRoutes;

  AlbHeaderRoutes(AlbTrafficRouting spec, String canaryService, List<String> managedRoutes) {
    this.spec = spec;
    this.canaryService = canaryService;
    this.managedRoutes = managedRoutes;
  }

  /** The patch that gives the Ingress route name with these matches (null: without it). */
  JsonPatch plan(Ingress live, String name, List<HeaderRoutingMatch> match) {
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(ForwardAction.prefixed(spec, "actions." + name), match == null ? null : ForwardAction.json(spec, canaryService));
    annotations.put(ForwardAction.prefixed(spec, "conditions." + name), match == null ? null : conditions(match));
    return patch(live, annotations, match == null ? Set.of(name) : Set.of(), match == null ? null : name);
  }

  /** The patch that removes every managed route's annotations and paths. */
  JsonPatch removeAll(Ingress live) {
    Map<String, String> annotations = new LinkedHashMap<>();
    for (String name : managedRoutes) {
      annotations.put(ForwardAction.prefixed(spec, "actions." + name), null);
      annotations.put(ForwardAction.prefixed(spec, "conditions." + name), null);
    }
    return patch(live, annotations, Set.copyOf(managedRoutes), null);
  }

  /** Argo Rollouts' conditions: one http-header condition per header name, its exact values together. */
  static String conditions(List<HeaderRoutingMatch> match) {
    Map<String, List<String>> byHeader = new LinkedHashMap<>();
    for (HeaderRoutingMatch m : match) {
      byHeader.computeIfAbsent(m.headerName, h -> new ArrayList<>()).add(m.headerValue.exact);
    }
    ArrayNode conditions = JSON.createArrayNode();
    byHeader.forEach((header, values) -> {
      ObjectNode config = conditions.addObject().put("field", "http-header").putObject("httpHeaderConfig")
          .put("httpHeaderName", header);
      values.forEach(config.putArray("values")::add);
    });
    return conditions.toString();
  }

  private JsonPatch patch(Ingress live, Map<String, String> desired, Set<String> removePaths, String addPath) {
    JsonPatch patch = new JsonPatch();
    String version = live.getMetadata().getResourceVersion();
    // One guard for annotations and paths alike: a concurrent change to the Ingress is re-read, never overwritten.
    if (version != null) {
      patch.test(JsonPatch.path("metadata", "resourceVersion"), version);
    } else {
      patch.test(JsonPatch.path("metadata", "uid"), live.getMetadata().getUid());
    }
    patchAnnotations(patch, live.getMetadata().getAnnotations(), desired);
    List<IngressRule> rules = live.getSpec() == null || live.getSpec().getRules() == null ? List.of() : live.getSpec().getRules();
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).getHttp() == null || rules.get(i).getHttp().getPaths() == null) {
        continue;
      }
      List<HTTPIngressPath> paths = rules.get(i).getHttp().getPaths();
      for (int k = paths.size() - 1; k >= 0; k--) {
        if (removePaths.contains(backend(paths.get(k)))) {
          patch.remove(JsonPatch.path("spec", "rules", i, "http", "paths", k));
        }
      }
      if (addPath != null && paths.stream().noneMatch(p -> addPath.equals(backend(p)))) {
        int at = 0;
        while (at < paths.size() && order(backend(paths.get(at))) <= order(addPath)) {
          at++;
        }
        patch.add(JsonPatch.path("spec", "rules", i, "http", "paths", at), path(addPath));
      }
    }
    return patch.changesNothing() ? new JsonPatch() : patch;
  }

  private static void patchAnnotations(JsonPatch patch, Map<String, String> current, Map<String, String> desired) {
    if (current == null) {
      Map<String, String> added = new LinkedHashMap<>();
      desired.forEach((key, value) -> {
        if (value != null) {
          added.put(key, value);
        }
      });
      if (!added.isEmpty()) {
        patch.add(JsonPatch.path("metadata", "annotations"), added);
      }
      return;
    }
    desired.forEach((key, value) -> {
      String now = current.get(key);
      if (Objects.equals(now, value)) {
        return;
      }
      String path = JsonPatch.path("metadata", "annotations", key);
      if (value == null) {
        patch.remove(path);
      } else {
        patch.set(path, value, now != null);
      }
    });
  }

  /** A managed route's place in managedRoutes; every other backend after them all, in its own order. */
  private int order(String backend) {
    int index = managedRoutes.indexOf(backend);
    return index < 0 ? managedRoutes.size() : index;
  }

  private static String backend(HTTPIngressPath path) {
    return path.getBackend() == null || path.getBackend().getService() == null ? null : path.getBackend().getService().getName();
  }

  private static Map<String, Object> path(String name) {
    return Map.of("path", "/*", "pathType", "ImplementationSpecific",
        "backend", Map.of("service", Map.of("name", name, "port", Map.of("name", AlbRouter.USE_ANNOTATION))));
  }
}
