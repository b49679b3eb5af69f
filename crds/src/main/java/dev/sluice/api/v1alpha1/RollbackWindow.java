package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Argo Rollouts' rollbackWindow: going back to one of the last revisions is fast-tracked. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollbackWindow {
  @Min(0)
  @JsonPropertyDescription("A rollback to a revision with fewer than this many revisions between it and the stable one "
      + "skips the steps, pauses and analyses: it is promoted as soon as its pods are available. 0 or unset: none.")
  public Integer revisions;
}
