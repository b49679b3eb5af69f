package dev.sluice.gitops;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to revert one failed release in Git.
 *
 * @param repoURL the GitOps repository (https://, http://, ssh:// or scp-like user@host:path)
 * @param branch the branch the GitOps agent deploys from; defaults to {@code main}
 * @param path directory or file, relative to the repository root, holding this Rollout's manifests
 * @param credentials resolved from the Rollout's Secret by the caller
 * @param author author and committer of the revert commit
 * @param mode push onto {@code branch}, or onto a new branch for a human to merge
 * @param rolloutNamespace namespace of the Rollout
 * @param rolloutName name of the Rollout
 * @param badRevision pod template hash of the release that failed
 * @param stableRevision pod template hash of the stable release (for the commit message; may be null)
 * @param changes values by which the bad pod template differs from the stable one; see {@link PodTemplateDiff}
 * @param analysisRun name of the AnalysisRun that failed
 * @param failedMetric name of the metric that failed (may be null)
 * @param failedMetricValue the failing measurement, as shown to users (may be null)
 * @param analysisErrored the AnalysisRun ended Error (no measurement), not Failed: reverted because the Rollout
 *     opted in to reverting on analysis errors; the commit message says so
 */
public record GitRevertRequest(
    String repoURL,
    String branch,
    String path,
    GitCredentials credentials,
    CommitAuthor author,
    CommitMode mode,
    String rolloutNamespace,
    String rolloutName,
    String badRevision,
    String stableRevision,
    List<ValueChange> changes,
    String analysisRun,
    String failedMetric,
    String failedMetricValue,
    boolean analysisErrored) {

  public static final String DEFAULT_BRANCH = "main";

  public GitRevertRequest {
    requireText(repoURL, "repoURL");
    branch = branch == null || branch.isBlank() ? DEFAULT_BRANCH : branch;
    path = normalizePath(path);
    credentials = credentials == null ? GitCredentials.anonymous() : credentials;
    author = author == null ? CommitAuthor.DEFAULT : author;
    mode = mode == null ? CommitMode.Direct : mode;
    requireText(rolloutNamespace, "rolloutNamespace");
    requireText(rolloutName, "rolloutName");
    requireText(badRevision, "badRevision");
    // These end up in commit trailers, which are parsed back for exactly-once: one line each, no surprises.
    requireSingleLine(rolloutNamespace, "rolloutNamespace");
    requireSingleLine(rolloutName, "rolloutName");
    requireSingleLine(badRevision, "badRevision");
    requireSingleLine(branch, "branch");
    changes = List.copyOf(Objects.requireNonNull(changes, "changes"));
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("changes must list at least one value that differs from stable");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** {@code namespace/name}, as written in the {@code Sluice-Rollout} trailer. */
  public String rolloutKey() {
    return rolloutNamespace + "/" + rolloutName;
  }

  /** The branch a {@link CommitMode#NewBranch} revert is pushed to. */
  public String revertBranch() {
    return "sluice/revert-" + rolloutName + "-" + badRevision;
  }

  /** The branch the revert commit is pushed to. */
  public String targetBranch() {
    return mode == CommitMode.Direct ? branch : revertBranch();
  }

  private static String normalizePath(String path) {
    if (path == null) {
      return "";
    }
    String p = path.trim().replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.equals(".")) {
      p = "";
    }
    for (String segment : p.split("/")) {
      if (segment.equals("..")) {
        throw new IllegalArgumentException("path must stay inside the repository: " + path);
      }
    }
    return p;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is required");
    }
  }

  private static void requireSingleLine(String value, String name) {
    if (value.contains("\n") || value.contains("\r")) {
      throw new IllegalArgumentException(name + " must be a single line");
    }
  }

  /** Builds a request; unset optional fields get the defaults documented on {@link GitRevertRequest}. */
  public static final class Builder {
    private String repoURL;
    private String branch;
    private String path;
    private GitCredentials credentials;
    private CommitAuthor author;
    private CommitMode mode;
    private String rolloutNamespace;
    private String rolloutName;
    private String badRevision;
    private String stableRevision;
    private List<ValueChange> changes;
    private String analysisRun;
    private String failedMetric;
    private String failedMetricValue;
    private boolean analysisErrored;

    public Builder repoURL(String repoURL) {
      this.repoURL = repoURL;
      return this;
    }

    public Builder branch(String branch) {
      this.branch = branch;
      return this;
    }

    public Builder path(String path) {
      this.path = path;
      return this;
    }

    public Builder credentials(GitCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    public Builder author(CommitAuthor author) {
      this.author = author;
      return this;
    }

    public Builder mode(CommitMode mode) {
      this.mode = mode;
      return this;
    }

    public Builder rollout(String namespace, String name) {
      this.rolloutNamespace = namespace;
      this.rolloutName = name;
      return this;
    }

    public Builder badRevision(String badRevision) {
      this.badRevision = badRevision;
      return this;
    }

    public Builder stableRevision(String stableRevision) {
      this.stableRevision = stableRevision;
      return this;
    }

    public Builder changes(List<ValueChange> changes) {
      this.changes = changes;
      return this;
    }

    /** Sets {@link #changes} to the differences between the two templates. */
    public Builder templates(PodTemplateSpec stable, PodTemplateSpec bad) {
      this.changes = PodTemplateDiff.between(stable, bad);
      return this;
    }

    public Builder analysis(String analysisRun, String failedMetric, String failedMetricValue) {
      this.analysisRun = analysisRun;
      this.failedMetric = failedMetric;
      this.failedMetricValue = failedMetricValue;
      return this;
    }

    /** The AnalysisRun ended Error rather than Failed (see {@link GitRevertRequest#analysisErrored}). */
    public Builder analysisErrored(boolean analysisErrored) {
      this.analysisErrored = analysisErrored;
      return this;
    }

    public GitRevertRequest build() {
      return new GitRevertRequest(repoURL, branch, path, credentials, author, mode, rolloutNamespace, rolloutName,
          badRevision, stableRevision, changes, analysisRun, failedMetric, failedMetricValue, analysisErrored);
    }
  }
}
