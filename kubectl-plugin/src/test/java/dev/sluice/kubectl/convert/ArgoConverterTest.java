package dev.sluice.kubectl.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.kubectl.convert.ArgoConverter.Document;
import dev.sluice.kubectl.convert.ArgoConverter.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text conversion on Argo Rollouts' own files (src/test/resources/convert/argo) and on the YAML forms users write. */
class ArgoConverterTest {
  static final Path ARGO = Path.of("src/test/resources/convert/argo");

  @Test
  void blueGreenExampleChangesOnlyTheApiVersionLineAndKeepsCommentsServicesAndOrder() throws Exception {
    String argo = Files.readString(ARGO.resolve("rollout-bluegreen.yaml"));

    ArgoConverter.Result result = ArgoConverter.convert(argo);

    assertThat(changedLines(argo, result.text())).containsExactly(
        "3: apiVersion: argoproj.io/v1alpha1 -> apiVersion: sluice.dev/v1alpha1");
    assertThat(result.text()).contains("      # autoPromotionEnabled disables automated promotion of the new stack by pausing the rollout\n")
        .contains("    blueGreen: \n");
    assertThat(result.documents()).extracting(Document::describe, Document::outcome).containsExactly(
        tuple("Rollout/rollout-bluegreen", Outcome.CONVERTED),
        tuple("Service/rollout-bluegreen-active", Outcome.UNTOUCHED),
        tuple("Service/rollout-bluegreen-preview", Outcome.UNTOUCHED));
  }

  @Test
  void apiVersionAfterKindAndAfterCommentsIsFoundInEachDocument() throws Exception {
    String argo = Files.readString(ARGO.resolve("rollout-experiment-step.yaml"));

    ArgoConverter.Result result = ArgoConverter.convert(argo);

    assertThat(changedLines(argo, result.text())).containsExactly(
        "6: apiVersion: argoproj.io/v1alpha1 -> apiVersion: sluice.dev/v1alpha1",
        "47: apiVersion: argoproj.io/v1alpha1 -> apiVersion: sluice.dev/v1alpha1");
    assertThat(result.with(Outcome.CONVERTED)).extracting(Document::describe)
        .containsExactly("Rollout/rollout-experiment-step", "AnalysisTemplate/random-fail");
  }

  @Test
  void quotingTagsAnchorsAndTrailingCommentsOfTheApiVersionAreKept() throws Exception {
    String argo = """
        # héllo 🎉 (code points before the value must not shift it)
        apiVersion:   "argoproj.io/v1alpha1"  # pinned
        kind: AnalysisTemplate
        metadata: {name: a}
        ---
        {kind: ClusterAnalysisTemplate, apiVersion: 'argoproj.io/v1alpha1', metadata: {name: b}}
        ---
        apiVersion: !!str &v argoproj.io/v1alpha1
        kind: AnalysisRun
        metadata: {name: c}
        """;

    String converted = ArgoConverter.convert(argo).text();

    assertThat(converted).isEqualTo("""
        # héllo 🎉 (code points before the value must not shift it)
        apiVersion:   "sluice.dev/v1alpha1"  # pinned
        kind: AnalysisTemplate
        metadata: {name: a}
        ---
        {kind: ClusterAnalysisTemplate, apiVersion: 'sluice.dev/v1alpha1', metadata: {name: b}}
        ---
        apiVersion: !!str &v sluice.dev/v1alpha1
        kind: AnalysisRun
        metadata: {name: c}
        """);
  }

  @Test
  void jsonStaysJson() throws Exception {
    String argo = "{\n  \"apiVersion\": \"argoproj.io/v1alpha1\",\n  \"kind\": \"AnalysisRun\",\n  \"metadata\": {\"generateName\": \"run-\"}\n}\n";

    ArgoConverter.Result result = ArgoConverter.convert(argo);

    assertThat(new ObjectMapper().readTree(result.text()).path("apiVersion").asText()).isEqualTo("sluice.dev/v1alpha1");
    assertThat(result.documents()).extracting(Document::describe).containsExactly("AnalysisRun/run-");
  }

  @Test
  void otherArgoProjectsAndOtherVersionsAreLeftAloneAndExperimentsHaveNoCounterpart() throws Exception {
    String argo = """
        apiVersion: argoproj.io/v1alpha1
        kind: Application
        metadata: {name: argo-cd-app}
        ---
        apiVersion: argoproj.io/v1alpha1
        kind: Experiment
        metadata: {name: exp}
        ---
        apiVersion: sluice.dev/v1alpha1
        kind: Rollout
        metadata: {name: already-sluice}
        ---
        ---
        - a list, not an object
        """;

    ArgoConverter.Result result = ArgoConverter.convert(argo);

    assertThat(result.text()).isEqualTo(argo);
    assertThat(result.documents()).extracting(Document::outcome).containsExactly(Outcome.UNTOUCHED,
        Outcome.NO_COUNTERPART, Outcome.UNTOUCHED, Outcome.UNTOUCHED, Outcome.UNTOUCHED);
    assertThat(result.with(Outcome.NO_COUNTERPART).get(0).line()).isEqualTo(5);
  }

  @Test
  void invalidYamlIsRefusedWithItsLine() {
    assertThatThrownBy(() -> ArgoConverter.convert("apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec: [unclosed\n"))
        .isInstanceOf(ArgoConverter.InvalidYaml.class)
        .satisfies(e -> assertThat(((ArgoConverter.InvalidYaml) e).line()).isBetween(3, 4));
  }

  /** "N: before -> after" for every line that differs (conversion never adds or removes a line). */
  static List<String> changedLines(String before, String after) {
    List<String> a = before.lines().toList();
    List<String> b = after.lines().toList();
    assertThat(b).as("line count").hasSameSizeAs(a);
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).equals(b.get(i))) {
        changed.add((i + 1) + ": " + a.get(i) + " -> " + b.get(i));
      }
    }
    return changed;
  }
}
