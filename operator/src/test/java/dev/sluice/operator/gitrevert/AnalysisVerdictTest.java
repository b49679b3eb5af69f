package dev.sluice.operator.gitrevert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.RolloutLabels;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisVerdictTest {

  static AnalysisRun run(String name, String hash, AnalysisPhase phase) {
    AnalysisRun run = new AnalysisRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).addToLabels(RolloutLabels.POD_TEMPLATE_HASH, hash).build());
    run.setStatus(new AnalysisRunStatus());
    run.getStatus().phase = phase;
    return run;
  }

  @Test
  void aFailedRunOfTheRevisionIsEvidenceWhateverElseErrored() {
    assertThat(AnalysisVerdict.of(List.of(run("a", "bad1", AnalysisPhase.Error), run("b", "bad1", AnalysisPhase.Failed)), "bad1"))
        .isEqualTo(AnalysisVerdict.FAILED);
  }

  @Test
  void onlyErrorsMeanTheMeasurementsCouldNotBeTaken() {
    assertThat(AnalysisVerdict.of(List.of(run("a", "bad1", AnalysisPhase.Error), run("b", "bad1", AnalysisPhase.Successful)), "bad1"))
        .isEqualTo(AnalysisVerdict.ERROR);
  }

  @Test
  void otherRevisionsRunsDoNotCount() {
    assertThat(AnalysisVerdict.of(List.of(run("a", "old", AnalysisPhase.Failed), run("b", "bad1", AnalysisPhase.Inconclusive)), "bad1"))
        .isEqualTo(AnalysisVerdict.UNKNOWN);
    assertThat(AnalysisVerdict.of(List.of(), "bad1")).isEqualTo(AnalysisVerdict.UNKNOWN);
  }
}
