package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Progress of the GitOps revert of a failed release; survives a controller restart. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitRevertStatus {
  public Phase phase;
  @JsonPropertyDescription("Why the revert ended in its phase, e.g. RevertedCommit, AlreadyReverted, AuthenticationFailed.")
  public String reason;
  /** Pod template hash of the reverted release. */
  public String revision;
  public String commit;
  public String branch;
  public Integer attempts;
  public String message;
  @JsonPropertyDescription("How many times a controller started this Pending revert; after a few starts that never finished (a restart or leader change each time) it ends Failed instead of starting again.")
  public Integer starts;
  @Size(max = 20)
  @JsonPropertyDescription("The commits identified as the release and reverted.")
  public List<String> releaseCommits;
  /** Pod template hashes whose release was reverted: not started again until an explicit retry. */
  @Size(max = 10)
  @JsonPropertyDescription("Pod template hashes whose release was reverted in Git: no canary starts for them until a retry (status.abort=false).")
  public List<String> rejectedRevisions;

  public enum Phase { Pending, Pushed, Skipped, Failed }
}
