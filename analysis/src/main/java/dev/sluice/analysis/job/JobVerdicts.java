package dev.sluice.analysis.job;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.api.status.StatusText;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

/** What a Job's status says about the measurement: Complete is a success, Failed a failure, else not decided yet. */
final class JobVerdicts {
  private JobVerdicts() {
  }

  /** The decided outcome, or null while the Job runs. */
  static MeasurementOutcome.Decided of(Job job) {
    if (job.getStatus() == null || job.getStatus().getConditions() == null) {
      return null;
    }
    String name = job.getMetadata().getName();
    for (JobCondition condition : job.getStatus().getConditions()) {
      if (!"True".equals(condition.getStatus())) {
        continue;
      }
      if ("Complete".equals(condition.getType())) {
        return new MeasurementOutcome.Decided(true, "Succeeded", null);
      }
      if ("Failed".equals(condition.getType())) {
        String why = condition.getReason() == null ? "" : ": " + condition.getReason()
            + (condition.getMessage() == null ? "" : " (" + condition.getMessage() + ")");
        return new MeasurementOutcome.Decided(false, "Failed", StatusText.message("job " + name + " failed" + why));
      }
    }
    return null;
  }

  /** True when the Job has finished, either way. */
  static boolean finished(Job job) {
    return of(job) != null;
  }
}
