package dev.sluice.analysis.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.provider.ProviderChecks;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.JobMetric;
import dev.sluice.api.v1alpha1.MetricProvider;
import java.util.Set;

/** The {@code job} provider's spec, and what of it can be checked before a Job is created. */
public final class JobChecks implements ProviderChecks<JobMetric> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> RESTART_POLICIES = Set.of("Never", "OnFailure");

  @Override
  public String name() {
    return "job";
  }

  @Override
  public JobMetric spec(MetricProvider provider) {
    return provider.job;
  }

  @Override
  public boolean decidesPhase() {
    return true;
  }

  @Override
  public void check(JobMetric job, SpecProblems problems) {
    if (job.spec == null) {
      problems.add("job.spec is required");
      return;
    }
    var template = job.spec.getTemplate();
    if (template == null || template.getSpec() == null || template.getSpec().getContainers() == null
        || template.getSpec().getContainers().isEmpty()) {
      problems.add("job.spec.template.spec.containers needs at least one container");
    } else if (!RESTART_POLICIES.contains(template.getSpec().getRestartPolicy())) {
      problems.add("job.spec.template.spec.restartPolicy must be Never or OnFailure, as for any Job");
    }
    try {
      problems.declaredArgs("job.spec", JSON.writeValueAsString(job.spec));
      if (job.metadata != null) {
        problems.declaredArgs("job.metadata", JSON.writeValueAsString(job.metadata));
      }
    } catch (JsonProcessingException e) {
      problems.add("job.spec cannot be read: " + e.getOriginalMessage());
    }
  }
}
