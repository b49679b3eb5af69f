package dev.sluice.gitops;

/** Where the revert commit goes. */
public enum CommitMode {
  /** Pushed onto the deployed branch itself: the GitOps agent picks the revert up on its next sync. */
  Direct,
  /** Pushed onto a new branch {@code sluice/revert-<rollout>-<revision>} for a human to merge. */
  NewBranch
}
