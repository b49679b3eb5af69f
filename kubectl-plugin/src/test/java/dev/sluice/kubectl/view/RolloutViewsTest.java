package dev.sluice.kubectl.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.BlueGreenStatus;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.kubectl.Fixtures;
import dev.sluice.kubectl.kube.Contract;
import dev.sluice.kubectl.view.RolloutView.AnalysisRunView;
import dev.sluice.kubectl.view.RolloutView.PodView;
import dev.sluice.kubectl.view.RolloutView.Revision;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutViewsTest {
  private final RolloutSnapshot snapshot = Fixtures.snapshot("canary-paused.yaml");

  @Test
  void keepsOnlyReplicaSetsOwnedByTheRolloutCanaryFirst() {
    RolloutView view = RolloutViews.of(snapshot, Fixtures.NOW);

    assertThat(view.revisions()).extracting(Revision::replicaSet).containsExactly("web-7c9d", "web-5b6a");
    assertThat(view.revisions()).extracting(Revision::roles).containsExactly(List.of("canary"), List.of("stable"));
    assertThat(view.revisions().get(1).pods()).extracting(PodView::name).containsExactly("web-5b6a-abcde", "web-5b6a-fghij");
  }

  @Test
  void analysisRunsBelongByLabelOrOwnerReferenceNewestFirst() {
    RolloutView view = RolloutViews.of(snapshot, Fixtures.NOW);

    assertThat(view.analysisRuns()).extracting(AnalysisRunView::name).containsExactly("web-7c9d-bg", "web-5b6a-bg");
    assertThat(view.analysisRuns()).extracting(AnalysisRunView::current).containsExactly(true, false);
    assertThat(view.analysisRuns().get(0).metrics().get(0).lastValues()).containsExactly("0.995", "0.991", "0.990");
  }

  @Test
  void showsTheCurrentRunAndAtMostFiveRecentOnes() {
    List<AnalysisRun> runs = new ArrayList<>(snapshot.analysisRuns());
    for (int i = 0; i < 8; i++) {
      AnalysisRun run = new AnalysisRun();
      run.setMetadata(new ObjectMetaBuilder().withName("old-" + i).withCreationTimestamp("2024-12-0" + (i + 1) + "T00:00:00Z")
          .withLabels(Map.of(Contract.ROLLOUT_LABEL, "web")).build());
      run.setStatus(new AnalysisRunStatus());
      runs.add(run);
    }
    // the current run is the oldest of all: it is shown however many newer ones there are
    snapshot.rollout().getStatus().canary.currentBackgroundAnalysisRun = "old-0";

    RolloutView view = RolloutViews.of(new RolloutSnapshot(snapshot.rollout(), snapshot.replicaSets(), snapshot.pods(), runs),
        Fixtures.NOW);

    assertThat(view.analysisRuns()).extracting(AnalysisRunView::name)
        .containsExactly("web-7c9d-bg", "web-5b6a-bg", "old-7", "old-6", "old-5", "old-0");
  }

  @Test
  void aPodIsAvailableOnlyMinReadySecondsAfterItBecameReady() {
    snapshot.rollout().getSpec().minReadySeconds = 30 * 60;

    RolloutView view = RolloutViews.of(snapshot, Fixtures.NOW);

    // the canary pod has been ready for 19m50s, the stable one for almost two hours
    assertThat(view.revisions().get(0).pods().get(0).available()).isFalse();
    assertThat(view.revisions().get(0).pods().get(0).ready()).isTrue();
    assertThat(view.revisions().get(1).pods().get(0).available()).isTrue();
  }

  @Test
  void blueGreenRolesComeFromTheServiceSelectors() {
    RolloutStatus status = new RolloutStatus();
    status.stableRS = "5b6a";
    status.currentPodHash = "7c9d";
    status.blueGreen = new BlueGreenStatus();
    status.blueGreen.activeSelector = "5b6a";
    status.blueGreen.previewSelector = "7c9d";

    assertThat(RolloutViews.roles("5b6a", status, false)).containsExactly("stable", "active");
    assertThat(RolloutViews.roles("7c9d", status, false)).containsExactly("preview");
    assertThat(RolloutViews.roles("0000", status, false)).isEmpty();
  }

  @Test
  void replicaSetStatusSaysWhetherItHasAllItsPods() {
    assertThat(RolloutViews.replicaSetStatus(3, 3, 3)).isEqualTo("Healthy");
    assertThat(RolloutViews.replicaSetStatus(3, 3, 2)).isEqualTo("Progressing");
    assertThat(RolloutViews.replicaSetStatus(0, 1, 0)).isEqualTo("Progressing");
    assertThat(RolloutViews.replicaSetStatus(0, 0, 0)).isEqualTo("ScaledDown");
  }

  @Test
  void aRolloutTheControllerNeverTouchedHasNoPhaseAndIsNotObserved() {
    snapshot.rollout().setStatus(null);

    RolloutView view = RolloutViews.of(snapshot, Fixtures.NOW);

    assertThat(view.phase()).isNull();
    assertThat(view.observed()).isFalse();
    assertThat(view.weights()).isNull();
    assertThat(view.revisions()).extracting(Revision::roles).allSatisfy(roles -> assertThat(roles).isEmpty());
  }
}
