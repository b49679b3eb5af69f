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
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Argo's spec.restartAt as a migrated manifest (or Argo CD's restart action) sets it: a scheduled rolling recreate. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class RestartAtTest {
  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 4
        %s
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:1.0"}]}
        strategy:
          canary:
            canaryService: web-canary
            stableService: web-stable
            maxUnavailable: 2
            trafficRouting: {gatewayAPI: {httpRoute: web}}
            steps:
            - setWeight: 50
            - pause: {}
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
  void aScheduledRestartAtRecreatesEveryPodOnceItsTimeComesWithoutANewRevision(KubernetesClient client, TestNamespace ns)
      throws InterruptedException {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    app.applyRolloutYaml(ROLLOUT.formatted(""));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");
    List<String> before = pods(client, ns).stream().map(p -> p.getMetadata().getName()).toList();
    assertThat(before).hasSize(4);

    String restartAt = Instant.now().plusSeconds(12).truncatedTo(ChronoUnit.SECONDS).toString();
    app.applyRolloutYaml(ROLLOUT.formatted("restartAt: \"" + restartAt + "\""));
    Thread.sleep(6_000);
    assertThat(pods(client, ns).stream().map(p -> p.getMetadata().getName()).toList())
        .as("a restart scheduled in the future waits for its time").containsExactlyInAnyOrderElementsOf(before);

    Eventually.until("the restart recorded in status", Duration.ofMinutes(2), () -> restartAt.equals(app.status().get("restartedAt")));
    List<Pod> after = pods(client, ns);
    assertThat(after).hasSize(4).noneMatch(p -> before.contains(p.getMetadata().getName()));
    assertThat(after).allMatch(p -> !Instant.parse(p.getMetadata().getCreationTimestamp()).isBefore(Instant.parse(restartAt)));
    assertThat(after).allMatch(p -> v1.equals(p.getMetadata().getLabels().get("sluice.dev/pod-template-hash")));
    assertThat(client.apps().replicaSets().inNamespace(ns.name()).list().getItems()).as("no new revision").hasSize(1);
    assertThat(app.phase()).isEqualTo("Healthy");
  }

  private static List<Pod> pods(KubernetesClient client, TestNamespace ns) {
    return client.pods().inNamespace(ns.name()).withLabel("app", "web").list().getItems().stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
  }
}
