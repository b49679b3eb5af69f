package dev.sluice.kubectl.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.sluice.kubectl.cli.OutputFormat;

/** -o json / -o yaml: one document per call (YAML documents start with "---" so a stream of them stays valid). */
public final class Documents {
  private static final ObjectMapper JSON = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .disable(YAMLGenerator.Feature.SPLIT_LINES))
      .setSerializationInclusion(JsonInclude.Include.NON_NULL);

  private Documents() {
  }

  public static String write(Object value, OutputFormat format) {
    try {
      return switch (format) {
        case json -> JSON.writeValueAsString(value) + "\n";
        case yaml -> YAML.writeValueAsString(value);
        case text -> throw new IllegalArgumentException("text is not a document format");
      };
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }
}
