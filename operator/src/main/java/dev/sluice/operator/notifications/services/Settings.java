package dev.sluice.operator.notifications.services;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a service's YAML settings; a missing required one is a {@link DeliveryFailure} naming the key. */
final class Settings {
  private final String service;
  private final Map<String, Object> values;

  Settings(String service, Map<String, Object> values) {
    this.service = service;
    this.values = values;
  }

  String optional(String key) {
    Object value = values.get(key);
    return value == null || String.valueOf(value).isBlank() ? null : String.valueOf(value).strip();
  }

  String required(String key) throws DeliveryFailure {
    String value = optional(key);
    if (value == null) {
      throw DeliveryFailure.permanent("service " + service + " has no " + key);
    }
    return value;
  }

  boolean bool(String key) {
    return Boolean.parseBoolean(optional(key));
  }

  /** A map of names to values, such as Teams' recipientUrls or PagerDuty's serviceKeys. */
  Map<String, String> map(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    if (values.get(key) instanceof Map<?, ?> map) {
      map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    }
    return out;
  }

  /** Argo's header list: [{name, value}]. */
  Map<String, String> headers(String key) {
    Map<String, String> out = new LinkedHashMap<>();
    if (values.get(key) instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> h && h.get("name") != null) {
          out.put(String.valueOf(h.get("name")), String.valueOf(h.get("value")));
        }
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> child(String key) {
    return values.get(key) instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
