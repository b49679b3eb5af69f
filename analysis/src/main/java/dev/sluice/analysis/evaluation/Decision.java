package dev.sluice.analysis.evaluation;

import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import java.time.Duration;
import java.util.Optional;

/**
 * The outcome of one evaluation step: the run's new status (a fresh object; the input is never modified) and when to
 * reconcile again. {@code requeueAfter} is empty once the run is complete; otherwise the reconciler requeues after
 * it, and that is the only timer: nothing sleeps.
 */
public record Decision(AnalysisRunStatus status, Optional<Duration> requeueAfter) {
  public boolean completed() {
    return status.phase != null && status.phase.completed();
  }

  /** True when the new status differs from {@code previous} (the API classes have no equals); patch only then. */
  public boolean changedFrom(AnalysisRunStatus previous) {
    return StatusCopies.differ(status, previous);
  }
}
