package dev.sluice.operator.notifications;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.CanaryStatus;
import dev.sluice.api.v1alpha1.GitRevert;
import dev.sluice.api.v1alpha1.GitRevertStatus;
import dev.sluice.api.v1alpha1.Measurement;
import dev.sluice.api.v1alpha1.MetricResult;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.api.v1alpha1.RolloutSpec;
import dev.sluice.api.v1alpha1.RolloutStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;

/** An aborted canary whose analysis failed on error-rate and whose release Sluice reverted in Git. */
final class Samples {
  static final String COMMIT = "3f2c9ab1d0e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8";
  static final String RELEASE_COMMIT = "9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b";

  private Samples() {
  }

  static Rollout revertedRollout() {
    Rollout rollout = new Rollout();
    rollout.setMetadata(new ObjectMetaBuilder().withName("checkout").withNamespace("shop").withUid("uid-1")
        .withAnnotations(Map.of()).build());
    RolloutSpec spec = new RolloutSpec();
    spec.gitRevert = new GitRevert();
    spec.gitRevert.repoURL = "git@github.com:acme/deploy.git";
    rollout.setSpec(spec);
    RolloutStatus status = new RolloutStatus();
    status.currentPodHash = "6d4f9b7c8";
    status.abort = true;
    status.abortReason = "Analysis";
    status.canary = new CanaryStatus();
    status.canary.attempt = 0;
    status.gitRevert = new GitRevertStatus();
    status.gitRevert.phase = GitRevertStatus.Phase.Pushed;
    status.gitRevert.revision = "6d4f9b7c8";
    status.gitRevert.commit = COMMIT;
    status.gitRevert.branch = "main";
    status.gitRevert.releaseCommits = java.util.List.of(RELEASE_COMMIT);
    rollout.setStatus(status);
    return rollout;
  }

  static AnalysisRun failedRun() {
    AnalysisRun run = new AnalysisRun();
    run.setMetadata(new ObjectMetaBuilder().withName("checkout-6d4f9b7c8-2").withNamespace("shop")
        .withLabels(Map.of(RolloutLabels.ROLLOUT, "checkout", RolloutLabels.POD_TEMPLATE_HASH, "6d4f9b7c8"))
        .withCreationTimestamp("2026-12-05T10:00:00Z").build());
    run.setStatus(new AnalysisRunStatus());
    run.getStatus().phase = AnalysisPhase.Failed;
    MetricResult ok = new MetricResult();
    ok.name = "latency";
    ok.phase = AnalysisPhase.Successful;
    MetricResult failed = new MetricResult();
    failed.name = "error-rate";
    failed.phase = AnalysisPhase.Failed;
    failed.measurements = List.of(measurement("0.02"), measurement("0.31"), measurement("0.4375"));
    run.getStatus().metricResults = List.of(ok, failed);
    return run;
  }

  private static Measurement measurement(String value) {
    Measurement m = new Measurement();
    m.value = value;
    m.phase = AnalysisPhase.Failed;
    return m;
  }
}
