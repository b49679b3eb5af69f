package dev.sluice.gitops;

import java.util.List;

/**
 * A place under the Rollout's path that asks for a change's bad value.
 *
 * @param location identifies the place across commits: file, document identity and node path
 * @param edits how to set the stable value there (empty when {@code notEditable} says why not)
 */
record Occurrence(ValueChange change, String location, Ownership ownership, String file, List<ScalarEdit> edits,
    String notEditable) {

  enum Ownership {
    /** In this Rollout's own manifest (or a patch of it), at the changed field. */
    Direct,
    /** In data that configures the Rollout without naming it: a Kustomize images entry, a Helm values file. */
    Indirect,
    /** In another Kubernetes object: not this Rollout's, never edited. */
    Foreign
  }

  Occurrence {
    edits = List.copyOf(edits);
  }

  boolean owned() {
    return ownership != Ownership.Foreign;
  }
}
