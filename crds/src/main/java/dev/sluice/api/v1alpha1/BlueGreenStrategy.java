package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.previewService) || self.previewService != self.activeService",
    message = "previewService must differ from activeService", fieldPath = ".previewService")
@ValidationRule(value = "!has(self.autoPromotionSeconds) || !has(self.autoPromotionEnabled) || self.autoPromotionEnabled",
    message = "autoPromotionSeconds needs autoPromotionEnabled", fieldPath = ".autoPromotionSeconds")
public class BlueGreenStrategy {
  @Required
  @Size(max = 63)
  @JsonPropertyDescription("Service that carries production traffic; its selector is switched on promotion.")
  public String activeService;

  @Size(max = 63)
  @JsonPropertyDescription("Service that reaches the new version before promotion.")
  public String previewService;

  @Min(1)
  @JsonPropertyDescription("Replicas of the new version before promotion. Defaults to spec.replicas.")
  public Integer previewReplicaCount;

  @JsonPropertyDescription("Promote automatically once the new version is available. Defaults to true.")
  public Boolean autoPromotionEnabled;

  @Min(0)
  public Integer autoPromotionSeconds;

  @Min(0)
  @JsonPropertyDescription("Seconds the old version stays up after the switch. Defaults to 30.")
  public Integer scaleDownDelaySeconds;

  @Min(0)
  @JsonPropertyDescription("How many old revisions may keep running during their scale-down delay, newest first; older "
      + "ones scale down at once. No limit by default.")
  public Integer scaleDownDelayRevisionLimit;

  @Min(0)
  @JsonPropertyDescription("Seconds before the preview scales down after an abort; 0 keeps it up. Defaults to 30.")
  public Integer abortScaleDownDelaySeconds;

  @JsonPropertyDescription("The new revision's pods avoid the nodes of the stable revision's pods (preferred or required).")
  public AntiAffinity antiAffinity;

  @JsonPropertyDescription("How many pods a restart (kubectl sluice restart) may take down at once, a number or a "
      + "percentage of replicas (rounded down); at least one. One by default.")
  @ValidationRule(value = IntOrPercent.RULE, message = IntOrPercent.MESSAGE)
  public io.fabric8.kubernetes.api.model.IntOrString maxUnavailable;

  public RolloutAnalysis prePromotionAnalysis;
  public RolloutAnalysis postPromotionAnalysis;

  @JsonPropertyDescription("Labels and annotations on the active (stable) revision's pods while it is active.")
  public PodTemplateMetadata activeMetadata;

  @JsonPropertyDescription("Labels and annotations on the new revision's pods until it is promoted and stable.")
  public PodTemplateMetadata previewMetadata;
}
