package dev.sluice.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Line-level edits through the locator on a Helm-style values file: only the scalar's characters change. */
class ScalarEditTest {

  static final ValueChange TAG = ValueChange.of("spec.containers[name=app].image", "repo/app:%s", "repo/app:3.0");

  static String revertTag(String yaml, String stableTag) {
    ManifestFile file = ManifestFile.read("values.yaml", yaml.getBytes(StandardCharsets.UTF_8));
    String badTag = yaml.contains("v3.0") ? "v3.0" : "3.0";
    ValueChange change = ValueChange.of(TAG.field().toString(), "repo/app:" + stableTag, "repo/app:" + badTag);
    Findings findings = new ValueLocator("ns", "app").locate(new ManifestSnapshot(List.of(file)), change);
    assertThat(findings.problems()).isEmpty();
    Occurrence occurrence = findings.owned().get(0);
    assertThat(occurrence.notEditable()).isNull();
    return new String(ScalarEdit.apply(file, occurrence.edits()), StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "image: {repository: repo/app, tag: v3.0}  # flow          | v2    | image: {repository: repo/app, tag: v2}  # flow",
      "image:\\n  repository: repo/app\\n  tag: \"3.0\" # ci\\n   | 2.0   | image:\\n  repository: repo/app\\n  tag: \"2.0\" # ci\\n",
      "image:\\r\\n  repository: repo/app\\r\\n  tag: '3.0'\\r\\n | it's | image:\\r\\n  repository: repo/app\\r\\n  tag: 'it''s'\\r\\n",
      "image:\\n  repository: repo/app\\n  tag: 3.0\\n          | 1.10  | image:\\n  repository: repo/app\\n  tag: \"1.10\"\\n"})
  void keepsQuotingCommentsAndLineEndings(String before, String stableTag, String after) {
    String yaml = before.strip().replace("\\n", "\n").replace("\\r", "\r");
    String expected = after.strip().replace("\\n", "\n").replace("\\r", "\r");
    assertThat(revertTag(yaml, stableTag)).isEqualTo(expected);
  }

  @Test
  void plainStringTagReplacedByAFloatLookingTagGetsQuotes() {
    ValueChange change = ValueChange.of(TAG.field().toString(), "repo/app:2.0", "repo/app:v3");
    ManifestFile file = ManifestFile.read("values.yaml",
        "image:\n  repository: repo/app\n  tag: v3\n".getBytes(StandardCharsets.UTF_8));

    Occurrence occurrence = new ValueLocator("ns", "app").locate(new ManifestSnapshot(List.of(file)), change)
        .owned().get(0);

    assertThat(new String(ScalarEdit.apply(file, occurrence.edits()), StandardCharsets.UTF_8))
        .isEqualTo("image:\n  repository: repo/app\n  tag: \"2.0\"\n");
  }

  @Test
  void plainStringReplacedByANumberLookingValueGetsQuotes() {
    ValueChange change = ValueChange.of("spec.containers[name=app].env[name=MODE].value", "true", "fast");
    ManifestFile file = ManifestFile.read("values.yaml", "env:\n  MODE: fast # hot path\n".getBytes(StandardCharsets.UTF_8));

    Occurrence occurrence = new ValueLocator("ns", "app").locate(new ManifestSnapshot(List.of(file)), change)
        .owned().get(0);

    assertThat(new String(ScalarEdit.apply(file, occurrence.edits()), StandardCharsets.UTF_8))
        .isEqualTo("env:\n  MODE: \"true\" # hot path\n");
  }

  @Test
  void blockScalarsAndAnchorsAreNotEdited() {
    ManifestFile block = ManifestFile.read("values.yaml",
        "image: >-\n  repo/app:3.0\n".getBytes(StandardCharsets.UTF_8));
    ManifestFile anchor = ManifestFile.read("values2.yaml",
        "default: &img repo/app:3.0\nimage: *img\n".getBytes(StandardCharsets.UTF_8));
    ValueChange change = ValueChange.of(TAG.field().toString(), "repo/app:2.0", "repo/app:3.0");
    ValueLocator locator = new ValueLocator("ns", "app");

    assertThat(locator.locate(new ManifestSnapshot(List.of(block)), change).owned().get(0).notEditable())
        .containsAnyOf("block scalar", "multi-line scalar");
    assertThat(locator.locate(new ManifestSnapshot(List.of(anchor)), change).owned())
        .allSatisfy(o -> assertThat(o.notEditable()).contains("anchor"));
  }
}
