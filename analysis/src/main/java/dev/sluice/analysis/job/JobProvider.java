package dev.sluice.analysis.job;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.provider.AnalysisRunRef;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.analysis.provider.Provider;
import dev.sluice.api.status.StatusText;
import dev.sluice.api.v1alpha1.JobMetric;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Argo Rollouts' {@code job} provider: each measurement runs a Kubernetes Job in the run's namespace; the measurement
 * is Successful when the Job completes and Failed when it fails (conditions are not used). The Job is named after the
 * run, metric and measurement number ({@link JobNames}), labelled with both, and owned by the run, so deleting the
 * run deletes it. A measurement waits a few seconds for its Job and otherwise hands its worker back
 * ({@link MeasurementOutcome.Pending}) and looks again later; a run that ends deletes the Jobs still running.
 */
public final class JobProvider implements Provider<JobMetric> {
  /** How long one measurement waits for its Job before handing its worker back. */
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Duration POLL = Duration.ofSeconds(1);
  /** When a Job still running is looked at again. */
  static final Duration RECHECK = Duration.ofSeconds(5);

  private final Clock clock;
  private final Duration wait;
  private final Duration poll;

  public JobProvider() {
    this(Clock.systemUTC(), WAIT, POLL);
  }

  JobProvider(Clock clock, Duration wait, Duration poll) {
    this.clock = clock;
    this.wait = wait;
    this.poll = poll;
  }

  private static final JobChecks CHECKS = new JobChecks();

  @Override
  public JobChecks checks() {
    return CHECKS;
  }

  @Override
  public MeasurementOutcome measure(JobMetric spec, MeasureContext context) {
    KubernetesClient client = context.kubernetes();
    if (client == null) {
      return MeasurementOutcome.failure("job metrics need the Kubernetes API, which this measurement has not");
    }
    AnalysisRunRef run = context.run();
    String name = JobNames.jobName(run.uid(), context.metricName(), context.measurementIndex());
    Resource<Job> resource = client.batch().v1().jobs().inNamespace(run.namespace()).withName(name);
    Job job = resource.get();
    if (job == null) {
      try {
        job = client.batch().v1().jobs().inNamespace(run.namespace()).resource(JobSpecs.build(spec, context, name))
            .create();
      } catch (IllegalArgumentException | ArgumentException e) {
        return MeasurementOutcome.failure(e.getMessage());
      } catch (KubernetesClientException e) {
        if (e.getCode() == 409) {
          job = resource.get(); // created meanwhile by an earlier attempt whose answer was lost
        } else if (e.getCode() >= 400 && e.getCode() < 500) {
          return MeasurementOutcome.failure("cannot create Job " + name + ": " + reason(e));
        } else {
          throw e;
        }
      }
    }
    Instant deadline = clock.instant().plus(wait);
    while (true) {
      if (job == null) {
        return MeasurementOutcome.failure("Job " + name + " was deleted before it finished");
      }
      MeasurementOutcome.Decided decided = JobVerdicts.of(job);
      if (decided != null) {
        return decided;
      }
      if (!clock.instant().plus(poll).isBefore(deadline)) {
        return new MeasurementOutcome.Pending(RECHECK);
      }
      try {
        Thread.sleep(poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new MeasurementOutcome.Pending(RECHECK);
      }
      job = resource.get();
    }
  }

  /**
   * Deletes the run's Jobs that are still running (Argo's termination), with their pods; finished ones stay, for their
   * logs, until the run is deleted.
   */
  @Override
  public void runEnded(AnalysisRunRef run, KubernetesClient kubernetes) {
    if (kubernetes == null) {
      return;
    }
    List<Job> jobs = kubernetes.batch().v1().jobs().inNamespace(run.namespace())
        .withLabel(JobNames.RUN_UID_LABEL, run.uid()).list().getItems();
    for (Job job : jobs) {
      if (!JobVerdicts.finished(job)) {
        kubernetes.batch().v1().jobs().inNamespace(run.namespace()).withName(job.getMetadata().getName())
            .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      }
    }
  }

  private static String reason(KubernetesClientException e) {
    String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
        : e.getMessage();
    return StatusText.message(message);
  }
}
