package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every manual command of `kubectl sluice` against the packaged controller, as a person on call would use them. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class KubectlSluiceTest {
  /** Two indefinite pauses, so that promoting one step is visible: it stops at the next one. */
  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 4
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          canary:
            canaryService: web-canary
            stableService: web-stable
            abortScaleDownDelaySeconds: 2
            scaleDownDelaySeconds: 2
            trafficRouting: {gatewayAPI: {httpRoute: web}}
            steps:
            - setWeight: 25
            - pause: {}
            - setWeight: 50
            - pause: {}
            - setWeight: 75
            - pause: {duration: 1h}
      """;

  static OperatorProcess operator;

  @BeforeAll
  static void startOperator() {
    operator = OperatorProcess.start(TestCluster.get());
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void promoteMovesOneStepFullCompletesAndStatusWaitsForTheOutcome(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    KubectlSluice sluice = new KubectlSluice(TestCluster.get(), ns.name());
    app.createAppAndRoute();
    app.applyRolloutYaml(ROLLOUT.formatted("1.0"));
    assertThat(sluice.run("status", "web", "--timeout", "2m").exitCode()).as("Healthy: exit 0").isZero();
    String v1 = (String) app.status().get("stableRS");

    try (KubectlSluice.Running watch = sluice.start("get", "rollout", "web", "-w")) {
      app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
      awaitPausedAt(app, 1, "25/75");
      KubectlSluice.Result timeout = sluice.run("status", "web", "--timeout", "3s");
      assertThat(timeout.exitCode()).as("still paused after the timeout: exit 2").isEqualTo(2);
      assertThat(timeout.err()).contains("timed out");

      KubectlSluice.Result promote = sluice.run("promote", "web");
      assertThat(promote.exitCode()).as(promote.err()).isZero();
      awaitPausedAt(app, 3, "50/50");
      assertThat(app.status().get("stableRS")).as("one step, not the whole canary").isEqualTo(v1);

      KubectlSluice.Result full = sluice.run("promote", "web", "--full");
      assertThat(full.exitCode()).as(full.err()).isZero();
      KubectlSluice.Result status = sluice.run("status", "web", "--timeout", "2m");
      assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
      assertThat(app.status().get("stableRS")).isNotEqualTo(v1);
      assertThat(app.routeWeights()).isEqualTo("0/100");

      Eventually.until("the watch shows each stage", Duration.ofSeconds(30), () -> {
        String shown = watch.outSoFar();
        return shown.contains("canary 25%") && shown.contains("canary 50%") && shown.contains("Healthy");
      });
    }
  }

  @Test
  void abortReturnsTrafficToStableStatusExitsOneAndRetryStartsOver(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = healthyOnV1(client, ns);
    KubectlSluice sluice = new KubectlSluice(TestCluster.get(), ns.name());
    String v1 = (String) app.status().get("stableRS");
    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
    awaitPausedAt(app, 1, "25/75");

    KubectlSluice.Result abort = sluice.run("abort", "web");
    assertThat(abort.exitCode()).as(abort.err()).isZero();
    KubectlSluice.Result degraded = sluice.run("status", "web", "--timeout", "1m");
    assertThat(degraded.exitCode()).as("Degraded: exit 1").isEqualTo(1);
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(app.serviceHash("web-stable")).isEqualTo(v1);
    assertThat(app.status().get("abortReason")).isEqualTo("Manual");

    KubectlSluice.Result promote = sluice.run("promote", "web");
    assertThat(promote.exitCode()).as("nothing to promote on an aborted rollout").isNotZero();

    KubectlSluice.Result retry = sluice.run("retry", "web");
    assertThat(retry.exitCode()).as(retry.err()).isZero();
    awaitPausedAt(app, 1, "25/75");
    assertThat(app.status().get("abort")).isNull();
  }

  @Test
  void pauseHoldsTheCanaryAndResumeLetsItGoOn(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = healthyOnV1(client, ns);
    KubectlSluice sluice = new KubectlSluice(TestCluster.get(), ns.name());
    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
    awaitPausedAt(app, 1, "25/75");

    assertThat(sluice.run("pause", "web").exitCode()).isZero();
    assertThat(sluice.run("promote", "web").exitCode()).isZero();
    Eventually.until("held by the pause", Duration.ofSeconds(30), () -> pauseReasons(app).contains("PausedBySpec"));
    sleep(Duration.ofSeconds(3));
    assertThat(app.status().get("currentStepIndex")).as("the promote waits while paused").isEqualTo(1);
    assertThat(app.routeWeights()).isEqualTo("25/75");

    assertThat(sluice.run("resume", "web").exitCode()).isZero();
    awaitPausedAt(app, 3, "50/50");
  }

  @Test
  void restartReplacesEveryPodWithoutANewRevision(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = healthyOnV1(client, ns);
    KubectlSluice sluice = new KubectlSluice(TestCluster.get(), ns.name());
    String v1 = (String) app.status().get("stableRS");
    List<String> before = pods(client, ns).stream().map(p -> p.getMetadata().getName()).toList();
    assertThat(before).hasSize(4);
    sleep(Duration.ofSeconds(1)); // pod creation times have a one-second resolution

    KubectlSluice.Result restart = sluice.run("restart", "web");
    assertThat(restart.exitCode()).as(restart.err()).isZero();
    String requested = (String) app.rollout().getMetadata().getAnnotations().get("sluice.dev/restartedAt");

    Eventually.until("the restart recorded in status", Duration.ofMinutes(2), () -> requested.equals(app.status().get("restartedAt")));
    List<Pod> after = pods(client, ns);
    assertThat(after).hasSize(4).noneMatch(p -> before.contains(p.getMetadata().getName()));
    assertThat(after).allMatch(p -> !Instant.parse(p.getMetadata().getCreationTimestamp()).isBefore(Instant.parse(requested)));
    assertThat(after).allMatch(p -> v1.equals(p.getMetadata().getLabels().get("sluice.dev/pod-template-hash")));
    assertThat(client.apps().replicaSets().inNamespace(ns.name()).list().getItems()).as("no new revision").hasSize(1);
    assertThat(app.phase()).isEqualTo("Healthy");
  }

  /** The app, its route and the Rollout at 1.0, Healthy. */
  private static CanaryFixture healthyOnV1(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    app.applyRolloutYaml(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return app;
  }

  private static List<Pod> pods(KubernetesClient client, TestNamespace ns) {
    return client.pods().inNamespace(ns.name()).withLabel("app", "web").list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<String> pauseReasons(CanaryFixture app) {
    Object conditions = app.status().get("pauseConditions");
    return conditions == null ? List.of()
        : ((List<java.util.Map<String, Object>>) conditions).stream().map(c -> (String) c.get("reason")).toList();
  }

  private static void awaitPausedAt(CanaryFixture app, int index, String weights) {
    Eventually.until("paused at step " + (index + 1) + " with weights " + weights, Duration.ofMinutes(2),
        () -> "Paused".equals(app.phase()) && Integer.valueOf(index).equals(app.status().get("currentStepIndex"))
            && weights.equals(app.routeWeights()));
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
