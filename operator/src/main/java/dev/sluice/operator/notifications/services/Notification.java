package dev.sluice.operator.notifications.services;

import java.util.Map;

/**
 * One rendered notification for one recipient: the template's rendered parts ({@code message}, and the parts for
 * each service type: {@code email}, {@code slack}, {@code webhook}, ...), keyed as in the ConfigMap.
 */
public record Notification(Map<String, Object> rendered, String recipient, String serviceName) {
  public String message() {
    Object message = rendered.get("message");
    return message == null ? "" : String.valueOf(message).strip();
  }

  /** The part of the template for a service type or name ({@code slack}, {@code webhook.<name>}), or an empty map. */
  @SuppressWarnings("unchecked")
  public Map<String, Object> part(String... path) {
    Object node = rendered;
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map)) {
        return Map.of();
      }
      node = map.get(key);
    }
    return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  public String partString(String part, String key) {
    Object value = part(part).get(key);
    return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).strip();
  }
}
