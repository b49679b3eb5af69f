package dev.sluice.operator.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** A deep copy of a pod template, so that a ReplicaSet never shares (and mutates) the cached Rollout's objects. */
final class PodTemplateCopy {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PodTemplateCopy() {
  }

  static PodTemplateSpec of(PodTemplateSpec template) {
    PodTemplateSpec copy = JSON.convertValue(template, PodTemplateSpec.class);
    if (copy.getMetadata() == null) {
      copy.setMetadata(new ObjectMeta());
    }
    return copy;
  }
}
