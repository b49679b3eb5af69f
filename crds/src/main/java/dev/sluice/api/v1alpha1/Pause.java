package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

@JsonInclude(JsonInclude.Include.NON_NULL)
// The pattern bounds a string; this bounds an integer (the generator writes no minimum/maximum for a String field).
@ValidationRule(value = "!has(self.duration) || type(self.duration) == string"
    + " || (self.duration >= 0 && self.duration <= 999999999)",
    message = "a pause duration in seconds must be 0 to 999999999", fieldPath = ".duration")
public class Pause {
  // Integer or string in the CRD, as in Argo Rollouts (`duration: 10`); Jackson reads an integer into this String as
  // its digits, and Durations.parseSecondsOrDuration reads bare digits as seconds.
  @SchemaFrom(type = IntOrString.class)
  @Pattern(Durations.SECONDS_OR_DURATION_PATTERN)
  @JsonPropertyDescription("How long to wait: a number of seconds (10) or a duration (30s, 5m, 1h). Without a duration"
      + " the rollout waits until promoted.")
  public String duration;
}
