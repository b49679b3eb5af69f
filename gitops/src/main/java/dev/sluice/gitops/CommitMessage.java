package dev.sluice.gitops;

import java.util.List;

/** The message of a revert commit: what was reverted, why, and the trailers that make it exactly-once. */
final class CommitMessage {

  private static final int MAX_FIELD = 200;

  private CommitMessage() {
  }

  /**
   * @param releaseCommits the release commits, each as "shortId subject"
   * @param method how it was reverted, one line (e.g. "git revert of 1a2b3c4")
   * @param revertedCommitId the commit reverted as a whole, or null for a line-level revert
   */
  static String build(GitRevertRequest request, List<String> releaseCommits, String method, String revertedCommitId) {
    StringBuilder m = new StringBuilder();
    m.append("Revert ").append(request.rolloutKey()).append(" release ").append(request.badRevision())
        .append(request.analysisErrored() ? ": canary analysis ended Error\n\n" : ": canary failed analysis\n\n");
    m.append("The canary of Rollout ").append(request.rolloutKey()).append(" (revision ")
        .append(request.badRevision()).append(request.analysisErrored() ? ") could not be measured:" : ") failed");
    if (request.analysisRun() != null) {
      m.append(" AnalysisRun ").append(oneLine(request.analysisRun()));
      if (request.analysisErrored()) {
        m.append(" ended Error");
      }
    }
    if (request.failedMetric() != null) {
      m.append(": metric ").append(oneLine(request.failedMetric()));
      if (request.failedMetricValue() != null) {
        m.append(request.analysisErrored() ? ", last error: " : " measured ").append(oneLine(request.failedMetricValue()));
      }
    }
    if (request.analysisErrored()) {
      m.append(".\nThe Rollout asks to revert on analysis errors too (spec.gitRevert.revertOnAnalysisError)");
    }
    m.append(".\nSluice reverted the release so that Git stops asking for it");
    m.append(request.stableRevision() == null ? ".\n\n"
        : " and asks for the stable revision " + oneLine(request.stableRevision()) + " again.\n\n");
    m.append("Reverted values (bad -> stable):\n");
    for (ValueChange change : request.changes()) {
      m.append("  ").append(change.field()).append(": ").append(show(change.bad())).append(" -> ")
          .append(show(change.stable())).append('\n');
    }
    if (!releaseCommits.isEmpty()) {
      m.append("\nRelease commit").append(releaseCommits.size() > 1 ? "s" : "").append(":\n");
      for (String commit : releaseCommits) {
        m.append("  ").append(oneLine(commit)).append('\n');
      }
    }
    m.append("\nMethod: ").append(oneLine(method)).append('\n');
    if (revertedCommitId != null) {
      m.append("\nThis reverts commit ").append(revertedCommitId).append(".\n");
    }
    m.append('\n');
    m.append(RevertTrailers.ROLLOUT).append(": ").append(request.rolloutKey()).append('\n');
    m.append(RevertTrailers.REVISION).append(": ").append(request.badRevision()).append('\n');
    if (request.analysisRun() != null) {
      m.append(RevertTrailers.ANALYSIS_RUN).append(": ").append(oneLine(request.analysisRun())).append('\n');
    }
    return m.toString();
  }

  private static String show(String value) {
    return value == null ? "(absent)" : oneLine(value);
  }

  /** Cluster-supplied text must not add lines: a forged trailer line would defeat exactly-once. */
  static String oneLine(String value) {
    String flat = value.replaceAll("[\\r\\n\\u0085\\u2028\\u2029]+", " ").strip();
    return flat.length() > MAX_FIELD ? flat.substring(0, MAX_FIELD) + "..." : flat;
  }
}
