package dev.sluice.kubectl.cluster;

import static dev.sluice.kubectl.cluster.ClusterFixtures.cli;
import static dev.sluice.kubectl.cluster.ClusterFixtures.createRollout;
import static dev.sluice.kubectl.cluster.ClusterFixtures.setStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.kubectl.CliRunner.Result;
import dev.sluice.kubectl.CliRunner.Running;
import dev.sluice.kubectl.cli.ExitCodes;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** `status`: exit 0 when Healthy, 1 when Degraded, 2 on timeout; a phase counts only for the observed generation. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class StatusClusterTest {
  @Test
  void healthyExitsZero(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    createRollout(client, ns, "web");
    setStatus(client, ns, "web", s -> s.phase = RolloutPhase.Healthy);

    Result result = cli(cluster).run("status", "web", "-n", ns.name(), "--timeout", "30s");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).isEqualTo("Healthy\n");
  }

  @Test
  void degradedExitsOne(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    createRollout(client, ns, "web");
    setStatus(client, ns, "web", s -> {
      s.phase = RolloutPhase.Degraded;
      s.message = "analysis web-1 failed";
    });

    Result result = cli(cluster).run("status", "web", "-n", ns.name(), "--timeout", "30s");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.out()).isEqualTo("Degraded - step 0/4 - analysis web-1 failed\n");
  }

  @Test
  void stillProgressingAtTheTimeoutExitsTwo(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    createRollout(client, ns, "web");
    setStatus(client, ns, "web", s -> s.phase = RolloutPhase.Progressing);

    Result result = cli(cluster).run("status", "web", "-n", ns.name(), "--timeout", "2s");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TIMEOUT);
    assertThat(result.out()).isEqualTo("Progressing - step 0/4\n");
    assertThat(result.err()).isEqualTo("error: timed out after 2s waiting for rollout \"web\": Progressing - step 0/4\n");
  }

  @Test
  void aHealthyPhaseOfAnOlderGenerationIsNotTrusted(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    createRollout(client, ns, "web");
    setStatus(client, ns, "web", s -> {
      s.phase = RolloutPhase.Healthy;
      s.observedGeneration = 0L;
    });

    Result result = cli(cluster).run("status", "web", "-n", ns.name(), "--timeout", "2s");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.TIMEOUT);
    assertThat(result.out()).contains("the controller has observed generation 0, the spec is at generation 1");
  }

  @Test
  void followsTheRolloutUntilItBecomesHealthy(KubernetesClient client, TestNamespace ns, TestCluster cluster) throws Exception {
    createRollout(client, ns, "web");
    setStatus(client, ns, "web", s -> {
      s.phase = RolloutPhase.Progressing;
      s.currentStepIndex = 2;
    });
    Running status = cli(cluster).start("status", "web", "-n", ns.name(), "--timeout", "60s");
    Eventually.until("the first progress line", Duration.ofSeconds(30), () -> status.outSoFar().contains("Progressing"));

    setStatus(client, ns, "web", s -> s.phase = RolloutPhase.Healthy);

    Result result = status.await(Duration.ofSeconds(30));
    assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).isEqualTo("Progressing - step 2/4\nHealthy\n");
  }

  @Test
  void jsonOutputIsOneDocumentWithTheResult(KubernetesClient client, TestNamespace ns, TestCluster cluster) throws Exception {
    createRollout(client, ns, "web");
    setStatus(client, ns, "web", s -> s.phase = RolloutPhase.Degraded);

    Result result = cli(cluster).run("status", "web", "-n", ns.name(), "-o", "json");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
    JsonNode json = new ObjectMapper().readTree(result.out());
    assertThat(json.path("result").asText()).isEqualTo("Degraded");
    assertThat(json.path("namespace").asText()).isEqualTo(ns.name());
    assertThat(result.err()).contains("Degraded");
  }
}
