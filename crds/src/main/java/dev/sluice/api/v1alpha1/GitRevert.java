package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LocalObjectReference;

/** Where and how Sluice commits the revert of a release that failed its analysis. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.enabled) || !self.enabled || has(self.repoURL)",
    message = "repoURL is required when gitRevert is enabled", fieldPath = ".repoURL")
public class GitRevert {
  public Boolean enabled;

  @Pattern("^(https?://|ssh://|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:).+")
  @JsonPropertyDescription("The GitOps repository, over HTTP(S) or SSH.")
  public String repoURL;

  @JsonPropertyDescription("Branch the GitOps agent deploys from. Defaults to main.")
  public String branch;

  @JsonPropertyDescription("Directory (or file) in the repository that holds this Rollout's manifests.")
  public String path;

  @JsonPropertyDescription("Secret in the Rollout's namespace with username and password/token, or sshPrivateKey and knownHosts.")
  public LocalObjectReference secretRef;

  public GitAuthor author;

  @JsonPropertyDescription("Direct pushes the revert onto branch; NewBranch pushes it to sluice/revert-<rollout>-<revision> for a person to merge. Defaults to the operator's setting, else Direct.")
  public CommitMode commitMode;

  @JsonPropertyDescription("Also revert when the analysis ended Error (its measurements could not be taken, e.g. the metrics provider was unreachable), not only when it ended Failed. An Error always aborts traffic; by default it writes no revert and no quarantine. Defaults to the operator's setting, else false.")
  public Boolean revertOnAnalysisError;

  public enum CommitMode { Direct, NewBranch }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class GitAuthor {
    public String name;
    public String email;
  }
}
