package dev.sluice.operator.gitrevert;

import dev.sluice.api.v1alpha1.GitRevert;
import dev.sluice.api.v1alpha1.GitRevert.CommitMode;

/**
 * The Git revert settings in force for one Rollout: spec.gitRevert merged over the operator-wide defaults.
 *
 * @param secretName null means anonymous access
 * @param revertOnAnalysisError also revert when the analysis ended Error, not only Failed
 */
public record RevertSettings(String repoURL, String branch, String path, String secretName, String authorName,
    String authorEmail, CommitMode commitMode, boolean revertOnAnalysisError) {

  public RevertSettings(String repoURL, String branch, String path, String secretName, String authorName,
      String authorEmail, CommitMode commitMode) {
    this(repoURL, branch, path, secretName, authorName, authorEmail, commitMode, false);
  }

  /**
   * Spec wins field by field. Null when reverting is off for this Rollout: spec.gitRevert.enabled is false, or
   * neither the spec nor the defaults switch it on, or no repository is named (defaults cannot know it).
   */
  public static RevertSettings merge(GitRevert spec, RevertDefaults defaults) {
    boolean enabled = spec != null && spec.enabled != null ? spec.enabled : defaults.enabled();
    if (!enabled || spec == null || blank(spec.repoURL)) {
      return null;
    }
    String secret = spec.secretRef != null && !blank(spec.secretRef.getName()) ? spec.secretRef.getName() : defaults.secretName();
    String name = spec.author != null && !blank(spec.author.name) ? spec.author.name : defaults.authorName();
    String email = spec.author != null && !blank(spec.author.email) ? spec.author.email : defaults.authorEmail();
    CommitMode mode = spec.commitMode != null ? spec.commitMode
        : defaults.commitMode() != null ? defaults.commitMode() : CommitMode.Direct;
    boolean onError = spec.revertOnAnalysisError != null ? spec.revertOnAnalysisError : defaults.revertOnAnalysisError();
    return new RevertSettings(spec.repoURL, spec.branch, spec.path, blank(secret) ? null : secret, name, email, mode,
        onError);
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
