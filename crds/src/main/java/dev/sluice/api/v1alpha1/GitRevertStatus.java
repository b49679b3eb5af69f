package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** Progress of the GitOps revert of a failed release; survives a controller restart. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GitRevertStatus {
  public Phase phase;
  /** Pod template hash of the reverted release. */
  public String revision;
  public String commit;
  public String branch;
  public Integer attempts;
  public String message;
  /** Pod template hashes whose release was reverted: not started again until an explicit retry. */
  public List<String> rejectedRevisions;

  public enum Phase { Pending, Pushed, Skipped, Failed }
}
