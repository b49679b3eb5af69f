package dev.sluice.analysis.args;

import dev.sluice.api.v1alpha1.ArgumentValueFrom.PodTemplateHashValue;
import java.util.Optional;

/** Values of the Rollout that starts an analysis run, for arguments taken from it; supplied by the reconciler. */
public interface RolloutLookup {
  /** A field of the Rollout by its path, e.g. {@code metadata.name} or {@code metadata.labels['app']}. */
  Optional<String> field(String fieldPath);

  /** The pod template hash of the stable or the latest (canary) revision; empty when there is none yet. */
  Optional<String> podTemplateHash(PodTemplateHashValue which);
}
