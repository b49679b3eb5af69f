package dev.sluice.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The quantity format follows Kubernetes' grammar, and reaches every quantity of the pod template, nothing else. */
class QuantityFormatTest {
  static final Pattern QUANTITY = Pattern.compile(QuantityFormat.PATTERN);

  @ParameterizedTest
  @ValueSource(strings = {"1", "0", "250m", "1.5Gi", "64Mi", "128M", "2k", "100n", "3u", "1e3", "1E-3", "+.5", "-1", "1.",
      "5Ki", "1Ei", "2E"})
  void quantitiesKubernetesParsesMatch(String quantity) {
    assertThat(QUANTITY.matcher(quantity).find()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"invalid", "", "-", ".", "Mi", "1KB", "1K", "1Ki ", " 1", "1.5.5", "1e", "1e1.5", "1 Gi", "1mi", "0x10"})
  void textKubernetesRefusesDoesNot(String text) {
    assertThat(QUANTITY.matcher(text).find()).isFalse();
  }

  @Test
  void lintSaysWhatAQuantityLooksLike() throws Exception {
    JsonNode rollout = ManifestCorpusTest.YAML.readTree(
        ManifestCorpusTest.CORPUS.resolve("invalid/container-memory-not-a-quantity.yaml").toFile());
    assertThat(new ManifestValidator().validate(rollout)).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("spec.template.spec.containers[0].resources.limits.memory");
      assertThat(v.message()).startsWith("should match '^").endsWith("(a quantity such as 500m, 0.5, 64Mi or 1e3)");
    });
  }

  @Test
  void everyQuantityOfThePodTemplateCarriesTheFormatAndNoPortDoes() {
    JsonNode schema = CrdCatalog.load().schema("Rollout").orElseThrow();
    List<String> formatted = new ArrayList<>();
    List<String> intOrString = new ArrayList<>();
    List<String> durations = new ArrayList<>();
    walk(schema, "", formatted, intOrString, durations);
    assertThat(formatted).hasSize(17)
        .contains(".spec.template.spec.containers.resources.limits.*", ".spec.template.spec.initContainers.resources.requests.*",
            ".spec.template.spec.ephemeralContainers.resources.limits.*", ".spec.template.spec.overhead.*",
            ".spec.template.spec.volumes.emptyDir.sizeLimit");
    assertThat(intOrString).as("the int-or-strings left alone").allMatch(p -> p.endsWith("port") || p.endsWith("Port")
        || p.endsWith("maxSurge") || p.endsWith("maxUnavailable"));
    assertThat(durations).as("int-or-strings that are durations, with their own pattern")
        .containsExactly(".spec.strategy.canary.steps.pause.duration");
  }

  private static void walk(JsonNode schema, String path, List<String> formatted, List<String> intOrString,
      List<String> durations) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      String pattern = schema.path("pattern").asText(QuantityFormat.PATTERN);
      if (path.endsWith(".duration")) {
        durations.add(path);
      } else {
        (schema.has("pattern") ? formatted : intOrString).add(path);
        assertThat(pattern).as(path).isEqualTo(QuantityFormat.PATTERN);
      }
    }
    for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
      walk(property.getValue(), path + "." + property.getKey(), formatted, intOrString, durations);
    }
    if (schema.has("items")) {
      walk(schema.get("items"), path, formatted, intOrString, durations);
    }
    if (schema.path("additionalProperties").isObject()) {
      walk(schema.get("additionalProperties"), path + ".*", formatted, intOrString, durations);
    }
  }
}
