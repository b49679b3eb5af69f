package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import java.util.Map;

/**
 * A Kubernetes Job run for each measurement, as Argo's {@code job}: the measurement is Successful when the Job
 * completes and Failed when it fails.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class JobMetric {
  @JsonPropertyDescription("Labels and annotations added to each Job.")
  public Metadata metadata;

  @Required
  @JsonPropertyDescription("The Job's spec; {{args.NAME}} is replaced in its text. Set backoffLimit: without it Kubernetes retries a failing pod 6 times.")
  public JobSpec spec;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Metadata {
    public Map<String, String> labels;
    public Map<String, String> annotations;
  }
}
