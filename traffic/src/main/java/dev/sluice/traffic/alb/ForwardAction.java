package dev.sluice.traffic.alb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1alpha1.AlbTrafficRouting;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * The AWS Load Balancer Controller's forward action, as the JSON value of an {@code actions.<service>} Ingress
 * annotation: the canary and stable Services as two weighted target groups, and the stickiness of the Rollout's spec.
 * Reading it back ignores the case of member names, as the controller does (Argo Rollouts writes "ForwardConfig", the
 * controller's docs "forwardConfig").
 */
final class ForwardAction {
  static final String DEFAULT_PREFIX = "alb.ingress.kubernetes.io";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ForwardAction() {
  }

  static String annotation(AlbTrafficRouting spec, String actionService) {
    return prefixed(spec, "actions." + actionService);
  }

  /** An annotation name under the controller's prefix: actions.x, conditions.x. */
  static String prefixed(AlbTrafficRouting spec, String name) {
    String prefix = spec.annotationPrefix == null || spec.annotationPrefix.isEmpty() ? DEFAULT_PREFIX : spec.annotationPrefix;
    return prefix + "/" + name;
  }

  /** A header route's action: everything to the canary Service (one target group), with the spec's stickiness. */
  static String json(AlbTrafficRouting spec, String canaryService) {
    ObjectNode action = JSON.createObjectNode().put("type", "forward");
    ObjectNode forward = action.putObject("forwardConfig");
    forward.putArray("targetGroups").addObject().put("serviceName", canaryService)
        .put("servicePort", Integer.toString(spec.servicePort)).put("weight", 100);
    stickiness(spec, forward);
    return action.toString();
  }

  /** The annotation value: compact JSON, canary first, weights summing to 100. */
  static String json(AlbTrafficRouting spec, String canaryService, String stableService, int canaryWeight) {
    ObjectNode action = JSON.createObjectNode().put("type", "forward");
    ObjectNode forward = action.putObject("forwardConfig");
    ArrayNode groups = forward.putArray("targetGroups");
    String port = Integer.toString(spec.servicePort);
    groups.addObject().put("serviceName", canaryService).put("servicePort", port).put("weight", canaryWeight);
    groups.addObject().put("serviceName", stableService).put("servicePort", port).put("weight", 100 - canaryWeight);
    stickiness(spec, forward);
    return action.toString();
  }

  private static void stickiness(AlbTrafficRouting spec, ObjectNode forward) {
    if (spec.stickinessConfig != null) {
      ObjectNode stickiness = forward.putObject("targetGroupStickinessConfig")
          .put("enabled", Boolean.TRUE.equals(spec.stickinessConfig.enabled));
      if (spec.stickinessConfig.durationSeconds != null) {
        stickiness.put("durationSeconds", spec.stickinessConfig.durationSeconds);
      }
    }
  }

  /** The weight the action gives a Service, empty when the value is not a forward action naming it. */
  static Optional<Integer> weightOf(String value, String service) {
    JsonNode action;
    try {
      action = JSON.readTree(value);
    } catch (Exception e) {
      return Optional.empty();
    }
    JsonNode groups = member(member(action, "forwardConfig"), "targetGroups");
    if (!"forward".equalsIgnoreCase(member(action, "type").asText()) || !groups.isArray()) {
      return Optional.empty();
    }
    for (JsonNode group : groups) {
      if (service.equals(member(group, "serviceName").asText(null))) {
        JsonNode weight = member(group, "weight");
        return weight.canConvertToInt() ? Optional.of(weight.asInt()) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Whether two values are the same JSON, member names compared as written. */
  static boolean same(String live, String desired) {
    try {
      return live != null && JSON.readTree(live).equals(JSON.readTree(desired));
    } catch (Exception e) {
      return false;
    }
  }

  private static JsonNode member(JsonNode node, String name) {
    if (node != null && node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (entry.getKey().equalsIgnoreCase(name)) {
          return entry.getValue();
        }
      }
    }
    return JSON.missingNode();
  }
}
