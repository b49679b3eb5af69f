package dev.sluice.traffic.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/** JSON trees and deep copies of fabric8 model objects, through fabric8's own serialization. */
public final class Json {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Json() {
  }

  public static JsonNode tree(Object value) {
    return SERIALIZATION.convertValue(value, JsonNode.class);
  }

  public static List<JsonNode> trees(List<?> values) {
    return values == null ? List.of() : values.stream().map(Json::tree).toList();
  }

  /** A deep copy, through JSON (model builders copy only the top level). */
  public static <T> T copy(T value) {
    return SERIALIZATION.clone(value);
  }

  public static String write(Object value) {
    return SERIALIZATION.asJson(value);
  }

  public static <T> T read(String json, Class<T> type) {
    return SERIALIZATION.unmarshal(json, type);
  }
}
