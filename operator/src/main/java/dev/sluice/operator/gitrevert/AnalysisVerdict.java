package dev.sluice.operator.gitrevert;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.RolloutLabels;
import java.util.Collection;

/**
 * How the analysis of an aborted revision ended, read from its AnalysisRuns (the planners record only
 * {@code abortReason: Analysis} for both). {@link #FAILED} is evidence against the release; {@link #ERROR} is a
 * measurement that could not be taken (Prometheus down, a query error): it aborts traffic, but by default it is no
 * reason to revert the release in Git.
 */
public enum AnalysisVerdict {
  /** A run of the revision ended Failed: its metrics said the release is bad. */
  FAILED,
  /** No run ended Failed, at least one ended Error: the measurements could not be taken. */
  ERROR,
  /** No run of the revision ended Failed or Error (deleted, or not seen yet). */
  UNKNOWN;

  /** The verdict over the revision's runs; any Failed run wins over Error ones. */
  public static AnalysisVerdict of(Collection<AnalysisRun> runs, String revision) {
    AnalysisVerdict verdict = UNKNOWN;
    if (runs == null || revision == null) {
      return verdict;
    }
    for (AnalysisRun run : runs) {
      if (run.getMetadata().getLabels() == null || !revision.equals(run.getMetadata().getLabels().get(RolloutLabels.POD_TEMPLATE_HASH))
          || run.getStatus() == null) {
        continue;
      }
      if (run.getStatus().phase == AnalysisPhase.Failed) {
        return FAILED;
      }
      if (run.getStatus().phase == AnalysisPhase.Error) {
        verdict = ERROR;
      }
    }
    return verdict;
  }
}
