package dev.sluice.kubectl.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.GitRevertStatus;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.kubectl.Fixtures;
import dev.sluice.kubectl.kube.Contract;
import dev.sluice.kubectl.view.RolloutSnapshot;
import dev.sluice.kubectl.view.RolloutViews;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreeRendererTest {
  private static final String CANARY_PAUSED = """
      Name:         web
      Namespace:    prod
      Phase:        Paused (CanaryPauseStep)
      Message:      waiting for promotion
      Strategy:     Canary
      Step:         1/4
      Weights:      canary 20%, stable 80% (verified)
      Replicas:     desired 2, current 3, updated 1, ready 3, available 3

      NAME                       KIND          STATUS             AGE    INFO
      web                        Rollout       Paused             120m   step 1/4
      ├── web-7c9d               ReplicaSet    Healthy            20m    canary, revision 7c9d, ready 1/1, available 1
      │   ├── web-7c9d-x7k2p     Pod           Running            19m    ready 1/1, available
      │   └── web-7c9d-bg        AnalysisRun   Running            19m    current
      │       └── success-rate   Metric        Running                   last 0.995, 0.991, 0.990; successful 4
      ├── web-5b6a               ReplicaSet    Healthy            120m   stable, revision 5b6a, ready 2/2, available 2
      │   ├── web-5b6a-abcde     Pod           Running            119m   ready 1/1, available, 2 restarts
      │   └── web-5b6a-fghij     Pod           CrashLoopBackOff   119m   ready 0/1, 5 restarts
      └── web-5b6a-bg            AnalysisRun   Failed             119m   metric "success-rate" assessed Failed
          └── success-rate       Metric        Failed                    last 0.99, 0.42, NaN; successful 1 failed 2
      """;

  private static String render(RolloutSnapshot snapshot, Style style, Glyphs glyphs) {
    return new TreeRenderer(style, glyphs, Fixtures.NOW).render(RolloutViews.of(snapshot, Fixtures.NOW));
  }

  @Test
  void drawsRevisionsPodsAndAnalysisAsATreeWithoutColourByDefault() {
    String text = render(Fixtures.snapshot("canary-paused.yaml"), Style.PLAIN, Glyphs.UNICODE);

    assertThat(text).isEqualTo(CANARY_PAUSED).doesNotContain("\u001b[");
  }

  @Test
  void colourPaintsStatesWithoutChangingTheLayout() {
    String text = render(Fixtures.snapshot("canary-paused.yaml"), Style.COLOR, Glyphs.UNICODE);

    assertThat(text).contains("\u001b[32mHealthy\u001b[0m", "\u001b[33mPaused\u001b[0m", "\u001b[31mCrashLoopBackOff\u001b[0m",
        "\u001b[31mFailed\u001b[0m");
    assertThat(text.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(CANARY_PAUSED);
  }

  @Test
  void asciiBranchesWhenTheTerminalCannotShowBoxDrawing() {
    String text = render(Fixtures.snapshot("canary-paused.yaml"), Style.PLAIN, Glyphs.ASCII);

    assertThat(text).contains("|-- web-7c9d ", "|   |-- web-7c9d-x7k2p", "`-- web-5b6a-bg", "    `-- success-rate")
        .doesNotContain("├", "└", "│");
  }

  @Test
  void showsManualControlsAndTheGitRevert() {
    RolloutSnapshot snapshot = Fixtures.snapshot("canary-paused.yaml");
    var status = snapshot.rollout().getStatus();
    status.phase = RolloutPhase.Degraded;
    status.pauseConditions = null;
    status.abort = true;
    status.abortReason = "Analysis";
    status.gitRevert = new GitRevertStatus();
    status.gitRevert.phase = GitRevertStatus.Phase.Pushed;
    status.gitRevert.commit = "a1b2c3d";
    status.gitRevert.branch = "main";
    status.gitRevert.revision = "7c9d";
    status.gitRevert.reason = "RevertedCommit";
    status.gitRevert.rejectedRevisions = java.util.List.of("7c9d");
    status.revertRequested = true;
    snapshot.rollout().getMetadata().setAnnotations(Map.of(Contract.PAUSED_ANNOTATION, "true",
        Contract.RESTARTED_AT_ANNOTATION, "2025-01-01T01:00:00Z"));

    String text = render(snapshot, Style.PLAIN, Glyphs.UNICODE);

    assertThat(text).contains("""
        Phase:        Degraded
        """).contains("""
        Aborted:      yes (Analysis)
        Paused by:    annotation sluice.dev/paused
        Revert:       Git revert requested (status.revertRequested)
        Restarted at: 2025-01-01T01:00:00Z
        Git revert:   Pushed (RevertedCommit) commit a1b2c3d on main of revision 7c9d
        Rejected:     7c9d (reverted in Git; retry to allow)
        """);
  }

  @Test
  void saysSoWhenTheControllerHasNotSeenTheLatestSpec() {
    RolloutSnapshot snapshot = Fixtures.snapshot("canary-paused.yaml");
    snapshot.rollout().getMetadata().setGeneration(4L);

    assertThat(render(snapshot, Style.PLAIN, Glyphs.UNICODE))
        .contains("Phase:        Paused (CanaryPauseStep) (stale: the controller has not observed the latest spec yet)");
  }
}
