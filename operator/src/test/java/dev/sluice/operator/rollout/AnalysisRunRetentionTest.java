package dev.sluice.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.AnalysisRunHistory;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.CanaryStatus;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.api.v1alpha1.RolloutSpec;
import dev.sluice.api.v1alpha1.RolloutStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** spec.analysis history limits: which finished AnalysisRuns of past revisions are deleted. */
class AnalysisRunRetentionTest {
  private final List<AnalysisRun> runs = new ArrayList<>();
  private final List<ReplicaSet> replicaSets = new ArrayList<>();

  private Rollout rollout(Integer successful, Integer unsuccessful, String current) {
    Rollout rollout = new Rollout();
    rollout.setSpec(new RolloutSpec());
    if (successful != null || unsuccessful != null) {
      rollout.getSpec().analysis = new AnalysisRunHistory();
      rollout.getSpec().analysis.successfulRunHistoryLimit = successful;
      rollout.getSpec().analysis.unsuccessfulRunHistoryLimit = unsuccessful;
    }
    rollout.setStatus(new RolloutStatus());
    rollout.getStatus().currentPodHash = current;
    return rollout;
  }

  /** A run of revision hash, created at minute m, in that phase. */
  private void run(String name, String hash, int minute, AnalysisPhase phase) {
    AnalysisRun run = new AnalysisRun();
    run.setMetadata(new ObjectMetaBuilder().withName(name).addToLabels(RolloutLabels.POD_TEMPLATE_HASH, hash)
        .withCreationTimestamp(String.format("2026-01-01T00:%02d:00Z", minute)).build());
    run.setStatus(new AnalysisRunStatus());
    run.getStatus().phase = phase;
    runs.add(run);
  }

  private void revisions(String... hashes) {
    for (String hash : hashes) {
      replicaSets.add(new ReplicaSetBuilder().withNewMetadata().withName("web-" + hash)
          .addToLabels(RolloutLabels.POD_TEMPLATE_HASH, hash).endMetadata().build());
    }
  }

  @Test
  void keepsTheNewestFiveOfEachOutcomeByDefault() {
    revisions("old", "cur");
    for (int i = 0; i < 7; i++) {
      run("ok-" + i, "old", i, AnalysisPhase.Successful);
      run("bad-" + i, "old", 10 + i, i % 2 == 0 ? AnalysisPhase.Failed : AnalysisPhase.Inconclusive);
    }
    assertThat(AnalysisRunRetention.toDelete(rollout(null, null, "cur"), runs, replicaSets))
        .containsExactlyInAnyOrder("ok-0", "ok-1", "bad-0", "bad-1");
  }

  @Test
  void limitsAsSetRunningRunsAndTheCurrentRevisionsAreKept() {
    revisions("old", "cur");
    run("ok-old", "old", 1, AnalysisPhase.Successful);
    run("running-old", "old", 2, AnalysisPhase.Running);
    run("failed-old", "old", 3, AnalysisPhase.Error);
    run("ok-cur", "cur", 4, AnalysisPhase.Successful);
    assertThat(AnalysisRunRetention.toDelete(rollout(0, 0, "cur"), runs, replicaSets))
        .containsExactlyInAnyOrder("ok-old", "failed-old");
  }

  @Test
  void aRunTheStatusNamesIsKept() {
    revisions("old", "cur");
    run("named", "old", 1, AnalysisPhase.Failed);
    Rollout rollout = rollout(0, 0, "cur");
    rollout.getStatus().canary = new CanaryStatus();
    rollout.getStatus().canary.currentStepAnalysisRun = "named";
    assertThat(AnalysisRunRetention.toDelete(rollout, runs, replicaSets)).isEmpty();
  }

  @Test
  void aRunWhoseRevisionIsGoneIsDeletedWhateverItsPhase() {
    revisions("cur");
    run("orphan", "gone", 1, AnalysisPhase.Running);
    assertThat(AnalysisRunRetention.toDelete(rollout(null, null, "cur"), runs, replicaSets)).containsExactly("orphan");
  }
}
