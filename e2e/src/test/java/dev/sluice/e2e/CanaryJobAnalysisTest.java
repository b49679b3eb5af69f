package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job provider decides whether a canary goes on: the local control plane's job controller runs the Job, and
 * kwok's stages (hack/kube/kwok-stages/job-pods.yaml) end its pod as the pod's annotations say, since kwok runs no
 * containers: at once with exit code 0, with exit code 1, or only after a while.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryJobAnalysisTest {
  static OperatorProcess operator;

  static String rollout(String version) {
    return CanaryFixture.ANALYSIS_ROLLOUT.formatted(version, "smoke-test", "target", "web-canary");
  }

  /** Argo's job provider fields; the pod annotations tell kwok how the "container" ends. */
  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: smoke-test}
      spec:
        args:
        - name: target
        metrics:
        - name: smoke-test
          provider:
            job:
              metadata:
                labels: {purpose: smoke-test}
              spec:
                backoffLimit: 0
                template:
                  metadata:
                    annotations: {"kwok.sluice.dev/exit-code": "%s", "kwok.sluice.dev/run-for": "%s"}
                  spec:
                    restartPolicy: Never
                    containers:
                    - name: smoke
                      image: registry.example/smoke:1
                      args: ["--target", "http://{{args.target}}/health"]
      """;

  @BeforeAll
  static void startOperator() {
    operator = OperatorProcess.start(TestCluster.get());
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void aJobThatSucceedsLetsTheCanaryComplete(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = start(client, ns, "0", "1s");
    Object v1 = app.status().get("stableRS");
    app.applyRolloutYaml(rollout("2.0"));
    Eventually.until("v2 Healthy", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    assertThat(app.analysisRunPhases()).containsExactly("Successful");

    List<Job> jobs = client.batch().v1().jobs().inNamespace(ns.name()).list().getItems();
    assertThat(jobs).singleElement().satisfies(job -> {
      GenericKubernetesResource run = app.analysisRuns().get(0);
      assertThat(job.getMetadata().getName()).isEqualTo(run.getMetadata().getUid() + ".smoke-test.0");
      assertThat(job.getMetadata().getOwnerReferences()).singleElement()
          .satisfies(owner -> assertThat(owner.getUid()).isEqualTo(run.getMetadata().getUid()));
      assertThat(job.getMetadata().getLabels()).containsEntry("purpose", "smoke-test")
          .containsEntry("sluice.dev/analysisrun-uid", run.getMetadata().getUid());
      assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
          .containsExactly("--target", "http://web-canary/health");
    });
  }

  @Test
  void aJobThatFailsFailsTheRunAndAborts(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = start(client, ns, "1", "1s");
    app.applyRolloutYaml(rollout("2.0"));
    Eventually.until("Degraded", Duration.ofMinutes(2), () -> "Degraded".equals(app.phase()));
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(app.analysisRunPhases()).containsExactly("Failed");
    assertThat(app.status()).containsEntry("abortReason", "Analysis");
    assertThat(Serialization.asJson(app.analysisRuns().get(0).getAdditionalProperties().get("status")))
        .contains("failed: BackoffLimitExceeded");
  }

  @Test
  void anAbortTerminatesTheRunAndDeletesItsRunningJob(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = start(client, ns, "0", "10m");
    app.applyRolloutYaml(rollout("2.0"));
    Eventually.until("the smoke test's Job running", Duration.ofMinutes(2),
        () -> !client.batch().v1().jobs().inNamespace(ns.name()).list().getItems().isEmpty());
    app.patchStatus("{\"status\":{\"abort\":true}}");
    Eventually.until("the run ended and its Job deleted", Duration.ofMinutes(2),
        () -> app.analysisRunPhases().stream().allMatch(p -> !p.equals("Running") && !p.equals("Pending"))
            && client.batch().v1().jobs().inNamespace(ns.name()).list().getItems().stream()
                .allMatch(job -> job.getMetadata().getDeletionTimestamp() != null));
    assertThat(app.routeWeights()).isEqualTo("0/100");
  }

  /** App, route and template in place, v1 Healthy. */
  private CanaryFixture start(KubernetesClient client, TestNamespace ns, String exitCode, String runFor) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    client.resource(Serialization.unmarshal(TEMPLATE.formatted(exitCode, runFor), GenericKubernetesResource.class))
        .inNamespace(ns.name()).create();
    app.applyRolloutYaml(rollout("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return app;
  }
}
