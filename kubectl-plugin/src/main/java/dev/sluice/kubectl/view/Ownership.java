package dev.sluice.kubectl.view;

import dev.sluice.kubectl.kube.Contract;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.Map;
import java.util.Objects;

/** Which objects belong to which: owner references (by uid), and the rollout label on AnalysisRuns. */
final class Ownership {
  private Ownership() {
  }

  static boolean ownedBy(HasMetadata object, HasMetadata owner) {
    String uid = owner.getMetadata().getUid();
    if (uid == null || object.getMetadata().getOwnerReferences() == null) {
      return false;
    }
    for (OwnerReference ref : object.getMetadata().getOwnerReferences()) {
      if (uid.equals(ref.getUid())) {
        return true;
      }
    }
    return false;
  }

  /** An AnalysisRun belongs to the rollout by its sluice.dev/rollout label or an owner reference. */
  static boolean analysisOf(HasMetadata run, HasMetadata rollout) {
    return Objects.equals(label(run, Contract.ROLLOUT_LABEL), rollout.getMetadata().getName()) || ownedBy(run, rollout);
  }

  static String label(HasMetadata object, String key) {
    Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  static String annotation(HasMetadata object, String key) {
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
