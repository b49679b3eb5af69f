package dev.sluice.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.api.validation.CrdCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/crd-reference.md is exactly what CrdReference renders from the CRDs committed under crds/manifests. */
class CrdReferenceTest {
  static final Path MANIFESTS = Path.of(System.getProperty("sluice.crds.dir", "manifests"));
  static final Path REFERENCE = Path.of(System.getProperty("sluice.docs.dir", "../docs")).resolve("crd-reference.md");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void committedReferenceMatchesTheCommittedCrds() throws IOException {
    String generated = CrdReference.render(committedCrds());
    if (Boolean.getBoolean("sluice.crds.write")) {
      Files.writeString(REFERENCE, generated);
    }
    assertThat(REFERENCE).as("docs/crd-reference.md (regenerate with hack/update-crds.sh)").exists();
    assertThat(Files.readString(REFERENCE))
        .as("%s is stale: regenerate it with hack/update-crds.sh and commit it", REFERENCE)
        .isEqualTo(generated);
  }

  @Test
  void everyFieldWithARuleOrBoundIsDocumented() {
    String reference = CrdReference.render(committedCrds());
    assertThat(reference)
        .contains("## Rollout", "## AnalysisTemplate", "## ClusterAnalysisTemplate", "## AnalysisRun")
        .contains("| `spec.template` | [PodTemplateSpec](" + CrdReference.POD_TEMPLATE_LINK + ")")
        .doesNotContain("### Rollout spec.template")
        .contains("| `spec.strategy.canary.steps` | array of [object](#rollout-specstrategycanarysteps)")
        .contains("### Rollout spec.strategy.canary.steps[]")
        .contains("repoURL is required when gitRevert is enabled: `!has(self.enabled) \\|\\| !self.enabled \\|\\| has(self.repoURL)`")
        .contains("one of `Latest`, `Stable`");
  }

  @Test
  void cellsKeepTablesIntact() {
    assertThat(CrdReference.cell("a || b\n  c")).isEqualTo("a \\|\\| b c");
    assertThat(CrdReference.anchor("Rollout spec.strategy.canary.steps[]")).isEqualTo("rollout-specstrategycanarysteps");
  }

  private static List<JsonNode> committedCrds() {
    return CrdCatalog.PLURALS.stream().map(plural -> {
      try {
        return YAML.readTree(MANIFESTS.resolve(CrdManifests.fileName(plural)).toFile());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }).toList();
  }
}
