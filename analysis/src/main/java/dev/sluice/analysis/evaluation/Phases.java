package dev.sluice.analysis.evaluation;

import dev.sluice.api.v1alpha1.AnalysisPhase;

/** Ordering of phases from best to worst, for the run phase: the worst of its metrics. */
final class Phases {
  private Phases() {
  }

  static int severity(AnalysisPhase phase) {
    return switch (phase) {
      case Successful -> 0;
      case Pending, Running -> 1;
      case Inconclusive -> 2;
      case Error -> 3;
      case Failed -> 4;
    };
  }

  static boolean isWorse(AnalysisPhase candidate, AnalysisPhase than) {
    return severity(candidate) > severity(than);
  }

  /** A metric in one of these phases ends the whole run (unless it is a dry-run metric). */
  static boolean endsRun(AnalysisPhase phase) {
    return phase == AnalysisPhase.Failed || phase == AnalysisPhase.Error || phase == AnalysisPhase.Inconclusive;
  }
}
