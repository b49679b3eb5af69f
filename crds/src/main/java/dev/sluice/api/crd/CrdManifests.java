package dev.sluice.api.crd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.AnalysisTemplate;
import dev.sluice.api.v1alpha1.ClusterAnalysisTemplate;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.validation.CrdCatalog;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The CRD manifests committed under crds/manifests: the generator's output with the printer columns put back
 * in the order the API classes declare them (the generator sorts them by JSON path, which kubectl would show).
 */
public final class CrdManifests {
  public static final Map<String, Class<?>> CLASSES = Map.of(
      "rollouts", Rollout.class,
      "analysistemplates", AnalysisTemplate.class,
      "clusteranalysistemplates", ClusterAnalysisTemplate.class,
      "analysisruns", AnalysisRun.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private CrdManifests() {
  }

  public static String fileName(String plural) {
    return plural + "." + Rollout.GROUP + ".yaml";
  }

  /** The committed form of the generated CRD for plural. */
  public static String render(String plural) {
    ObjectNode crd = (ObjectNode) CrdCatalog.read(plural).deepCopy();
    List<String> order = Arrays.stream(CLASSES.get(plural).getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    for (JsonNode version : crd.at("/spec/versions")) {
      if (version.has("additionalPrinterColumns")) {
        List<JsonNode> columns = new ArrayList<>();
        version.get("additionalPrinterColumns").forEach(columns::add);
        columns.sort((a, b) -> Integer.compare(order.indexOf(a.get("name").asText()), order.indexOf(b.get("name").asText())));
        ArrayNode sorted = ((ObjectNode) version).putArray("additionalPrinterColumns");
        columns.forEach(sorted::add);
      }
    }
    try {
      return "# Generated from the classes in crds/src/main/java by the build; do not edit.\n"
          + "# Regenerate with hack/update-crds.sh.\n" + YAML.writeValueAsString(crd);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
