package dev.sluice.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * How many of Argo Rollouts' Rollout and AnalysisTemplate spec fields (to depth 4, pod template excluded; the list in
 * argo-spec-paths.txt, derived from Argo's CRD schemas by hack/argo-spec-paths.py) Sluice's CRDs have, by the same
 * path. Prints the share and every missing path; fails when the share drops under the floor, the last measured one.
 * When Sluice gains fields, raise the floor to the new figure.
 */
class ArgoFieldCoverageTest {
  /** Measured 2026-12-06 on main (180/198, 90.91%): raise it, never lower it. */
  static final double FLOOR_PERCENT = 90.9;

  static final Path PATHS = Path.of("src/test/resources/argo-spec-paths.txt");
  static final Path MANIFESTS = Path.of("manifests");
  static final Map<String, String> CRDS = Map.of("Rollout", "rollouts.sluice.dev.yaml",
      "AnalysisTemplate", "analysistemplates.sluice.dev.yaml");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void sluiceHasArgosSpecFieldsAboveTheFloor() throws IOException {
    Map<String, JsonNode> specs = new TreeMap<>();
    for (Map.Entry<String, String> crd : CRDS.entrySet()) {
      JsonNode root = YAML.readTree(MANIFESTS.resolve(crd.getValue()).toFile());
      specs.put(crd.getKey(), root.path("spec").path("versions").get(0).path("schema").path("openAPIV3Schema")
          .path("properties").path("spec"));
    }
    List<String> missing = new ArrayList<>();
    int total = 0;
    for (String line : Files.readAllLines(PATHS)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] kindAndPath = line.split(" ", 2);
      total++;
      if (!has(specs.get(kindAndPath[0]), kindAndPath[1])) {
        missing.add(line);
      }
    }
    double percent = 100.0 * (total - missing.size()) / total;
    System.out.printf("Argo Rollouts spec fields (depth 4, pod template excluded) in Sluice's CRDs: %d/%d (%.1f%%)%n",
        total - missing.size(), total, percent);
    missing.forEach(m -> System.out.println("  missing " + m));
    assertThat(total).as("paths read from %s", PATHS).isGreaterThan(150);
    assertThat(percent).as("field coverage; missing: %s", missing).isGreaterThanOrEqualTo(FLOOR_PERCENT);
  }

  /** Whether the schema has the path: names are properties, [] a list's items; "spec" is the schema itself. */
  static boolean has(JsonNode spec, String path) {
    JsonNode node = spec;
    for (String segment : path.substring("spec.".length()).split("\\.")) {
      String name = segment;
      int lists = 0;
      while (name.endsWith("[]")) {
        name = name.substring(0, name.length() - 2);
        lists++;
      }
      node = node.path("properties").path(name);
      for (int i = 0; i < lists && !node.isMissingNode(); i++) {
        node = node.path("items");
      }
      if (node.isMissingNode()) {
        return false;
      }
    }
    return true;
  }
}
