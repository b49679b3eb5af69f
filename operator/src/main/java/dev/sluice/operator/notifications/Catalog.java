package dev.sluice.operator.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ready-made triggers and templates (one per trigger, in notifications/catalog.yaml, the ConfigMap's own
 * layout): a ConfigMap key of the same name replaces one, so an administrator configures only services.
 */
public final class Catalog {
  private static final Map<String, String> ENTRIES = load();

  private Catalog() {
  }

  public static Map<String, String> entries() {
    return ENTRIES;
  }

  /** The ConfigMap's data over the catalog's. */
  public static Map<String, String> under(Map<String, String> data) {
    Map<String, String> merged = new LinkedHashMap<>(ENTRIES);
    if (data != null) {
      merged.putAll(data);
    }
    return merged;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> load() {
    try (InputStream in = Catalog.class.getResourceAsStream("/notifications/catalog.yaml")) {
      Map<String, Object> parsed = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
      Map<String, String> entries = new LinkedHashMap<>();
      parsed.forEach((k, v) -> entries.put(k, String.valueOf(v)));
      return Map.copyOf(entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
