package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Pause {
  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("How long to wait (e.g. 30s, 5m, 1h). Without a duration the rollout waits until promoted.")
  public String duration;
}
