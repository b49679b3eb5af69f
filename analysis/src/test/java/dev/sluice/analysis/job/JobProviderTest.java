package dev.sluice.analysis.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.args.ResolvedArgs;
import dev.sluice.analysis.provider.AnalysisRunRef;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.JobMetric;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parts of the job provider that need no cluster: names, the Job built, verdicts, spec checks. */
class JobProviderTest {
  private static final String UID = "6f1c2b0e-8d1a-4e3b-9a55-0c6d2f1e7a90";
  private static final AnalysisRunRef RUN = new AnalysisRunRef("team-a", "web-7d9-2", UID);

  private static JobSpec spec(String... args) {
    return new JobSpecBuilder().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("check").withImage("curlimages/curl").withArgs(args).endContainer()
        .endSpec().endTemplate().build();
  }

  private static MeasureContext context(Map<String, String> args) {
    return new MeasureContext(RUN, ResolvedArgs.of(args), (n, k) -> Optional.empty(), null, "smoke-test", 2);
  }

  @Test
  void aJobIsNamedAfterRunMetricAndMeasurementAsArgoDoes() {
    assertThat(JobNames.jobName(UID, "smoke-test", 2)).isEqualTo(UID + ".smoke-test.2");
    assertThat(JobNames.jobName(UID, "Smoke_Test", 0)).isEqualTo(UID + ".smoke-test.0");
  }

  @Test
  void aLongNameStaysAValidLabelValueAndUnique() {
    String a = JobNames.jobName(UID, "a-very-long-metric-name-for-the-integration-suite-one", 12);
    String b = JobNames.jobName(UID, "a-very-long-metric-name-for-the-integration-suite-two", 12);
    assertThat(a).hasSizeLessThanOrEqualTo(63).startsWith(UID + ".").endsWith(".12").matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
    assertThat(b).hasSizeLessThanOrEqualTo(63).isNotEqualTo(a);
  }

  @Test
  void theJobIsOwnedByTheRunLabelledAndHasTheArgumentsPlaced() throws Exception {
    JobMetric metric = new JobMetric();
    metric.spec = spec("--url", "http://{{args.host}}/health", "--note", "{{args.note}}");
    metric.metadata = new JobMetric.Metadata();
    metric.metadata.labels = Map.of("team", "{{args.team}}");
    Job job = JobSpecs.build(metric, context(Map.of("host", "web-canary.team-a", "team", "checkout",
        "note", "say \"hi\"\n")), "name-1");
    assertThat(job.getMetadata().getName()).isEqualTo("name-1");
    assertThat(job.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(job.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getKind()).isEqualTo("AnalysisRun");
      assertThat(owner.getApiVersion()).isEqualTo("sluice.dev/v1alpha1");
      assertThat(owner.getUid()).isEqualTo(UID);
      assertThat(owner.getController()).isTrue();
    });
    assertThat(job.getMetadata().getLabels()).containsEntry("team", "checkout")
        .containsEntry(JobNames.RUN_UID_LABEL, UID).containsEntry(JobNames.METRIC_LABEL, "smoke-test");
    assertThat(job.getMetadata().getAnnotations()).containsEntry(JobNames.RUN_ANNOTATION, "web-7d9-2");
    assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("--url", "http://web-canary.team-a/health", "--note", "say \"hi\"\n");
  }

  @Test
  void anArgumentCannotAddFieldsToTheJob() throws Exception {
    JobSpec rendered = JobSpecs.render(spec("{{args.x}}"), Map.of("x", "a\",\"privileged\":true,\"b\":\""));
    assertThat(rendered.getTemplate().getSpec().getContainers().get(0).getArgs())
        .containsExactly("a\",\"privileged\":true,\"b\":\"");
  }

  @Test
  void completeIsSuccessFailedIsFailureElseUndecided() {
    assertThat(JobVerdicts.of(job(null, null))).isNull();
    assertThat(JobVerdicts.of(job("Complete", "True"))).isEqualTo(new MeasurementOutcome.Decided(true, "Succeeded", null));
    assertThat(JobVerdicts.of(job("Failed", "False"))).isNull();
    MeasurementOutcome.Decided failed = JobVerdicts.of(job("Failed", "True"));
    assertThat(failed.passed()).isFalse();
    assertThat(failed.message()).isEqualTo("job j failed: BackoffLimitExceeded (Job has reached the specified backoff limit)");
  }

  @Test
  void specProblemsNameTheField() {
    JobMetric metric = new JobMetric();
    assertThat(problems(metric)).containsExactly("metric \"m\": job.spec is required");
    metric.spec = spec("{{args.missing}}");
    metric.spec.getTemplate().getSpec().setRestartPolicy("Always");
    assertThat(problems(metric)).containsExactly(
        "metric \"m\": job.spec.template.spec.restartPolicy must be Never or OnFailure, as for any Job",
        "metric \"m\": job.spec uses {{args.missing}}, but no argument \"missing\" is declared");
    assertThat(new JobChecks().decidesPhase()).isTrue();
  }

  @Test
  void withoutTheKubernetesApiAMeasurementIsAnError() {
    JobMetric metric = new JobMetric();
    metric.spec = spec();
    assertThat(new JobProvider().measure(metric, context(Map.of())))
        .isInstanceOf(MeasurementOutcome.Failure.class);
  }

  private static List<String> problems(JobMetric metric) {
    List<String> problems = new ArrayList<>();
    new JobChecks().check(metric, new SpecProblems("metric \"m\": ", Set.of(), problems));
    return problems;
  }

  private static Job job(String type, String status) {
    JobBuilder builder = new JobBuilder().withNewMetadata().withName("j").endMetadata();
    if (type != null) {
      builder.withNewStatus().addNewCondition().withType(type).withStatus(status)
          .withReason("BackoffLimitExceeded").withMessage("Job has reached the specified backoff limit")
          .endCondition().endStatus();
    }
    return builder.build();
  }
}
