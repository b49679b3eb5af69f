package dev.sluice.operator.gitrevert;

import dev.sluice.api.v1alpha1.GitRevert.CommitMode;

/** The operator-wide part of {@link GitRevertConfig} that a Rollout's spec.gitRevert can override. */
public record RevertDefaults(boolean enabled, CommitMode commitMode, String authorName, String authorEmail, String secretName,
    boolean revertOnAnalysisError) {
  public static final RevertDefaults OFF = new RevertDefaults(false, CommitMode.Direct, "Sluice", "sluice@sluice.dev", null, false);

  public RevertDefaults(boolean enabled, CommitMode commitMode, String authorName, String authorEmail, String secretName) {
    this(enabled, commitMode, authorName, authorEmail, secretName, false);
  }
}
