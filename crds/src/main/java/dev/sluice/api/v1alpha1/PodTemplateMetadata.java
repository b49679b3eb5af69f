package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.Map;

/**
 * Labels and annotations a revision's pods carry only while the revision has a role (canary or stable, preview or
 * active): set on its ReplicaSet's pod template and on its running pods in place, removed when the role ends.
 * Argo Rollouts' ephemeral metadata, same name and shape.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodTemplateMetadata {
  @Size(max = 64)
  @JsonPropertyDescription("Labels put on the role's pods.")
  public Map<String, String> labels;

  @Size(max = 64)
  @JsonPropertyDescription("Annotations put on the role's pods.")
  public Map<String, String> annotations;

  public PodTemplateMetadata() {
  }

  public PodTemplateMetadata(Map<String, String> labels, Map<String, String> annotations) {
    this.labels = labels;
    this.annotations = annotations;
  }
}
