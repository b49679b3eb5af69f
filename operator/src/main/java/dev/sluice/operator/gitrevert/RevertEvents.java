package dev.sluice.operator.gitrevert;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.gitops.GitRevertOutcome;
import dev.sluice.operator.events.EventPublisher;
import dev.sluice.operator.metrics.SluiceMetrics;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Every revert attempt and result goes through here, as an Event on the Rollout and a count in
 * {@code sluice_revert_commits_total{result}}: Attempted, Pushed, Skipped, Failed. Messages come from the revert engine or name Secret keys, never secret values.
 */
@ApplicationScoped
public class RevertEvents {
  public static final String ATTEMPTED = "GitRevertAttempted";
  public static final String PUSHED = "GitRevertPushed";
  public static final String SKIPPED = "GitRevertSkipped";
  public static final String FAILED = "GitRevertFailed";

  private final EventPublisher events;
  private final SluiceMetrics metrics;

  public RevertEvents(EventPublisher events, SluiceMetrics metrics) {
    this.events = events;
    this.metrics = metrics;
  }

  public void attempted(Rollout rollout, String revision, RevertSettings settings) {
    metrics.revertResult("Attempted");
    events.normal(rollout, ATTEMPTED, "reverting revision " + revision + " in Git (" + settings.commitMode() + ", branch "
        + (settings.branch() == null ? "main" : settings.branch()) + ")");
  }

  public void finished(Rollout rollout, String revision, GitRevertOutcome outcome) {
    result(rollout, outcome.phase(), outcome.reason().name(), RevertResults.summary(revision, outcome));
  }

  public void failedBeforeRun(Rollout rollout, String revision, String reason, String message) {
    result(rollout, GitRevertOutcome.Phase.Failed, reason, "revision " + revision + " not reverted (" + reason + "): " + message);
  }

  /** An analysis abort left Git as it is (the analysis ended Error, not Failed): why, and how to revert anyway. */
  public void notReverted(Rollout rollout, String revision, String reason) {
    result(rollout, GitRevertOutcome.Phase.Skipped, reason, RevertDecision.skipMessage(revision, reason));
  }

  /** The one place each result is published. */
  private void result(Rollout rollout, GitRevertOutcome.Phase phase, String reason, String message) {
    metrics.revertResult(phase.name());
    switch (phase) {
      case Pushed:
        events.normal(rollout, PUSHED, message);
        break;
      case Skipped:
        events.normal(rollout, SKIPPED, message);
        break;
      default:
        events.warning(rollout, FAILED, message);
    }
  }
}
