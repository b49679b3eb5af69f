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
import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class ListRolloutsClusterTest {
  @Test
  void listsTheNamespacesRollouts(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    createRollout(client, ns, "web");
    createRollout(client, ns, "api");
    setStatus(client, ns, "web", s -> {
      s.phase = RolloutPhase.Healthy;
      s.currentStepIndex = 4;
      s.replicas = 2;
      s.updatedReplicas = 2;
      s.availableReplicas = 2;
    });

    Result result = cli(cluster).run("list", "rollouts", "-n", ns.name());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out().lines().toList()).hasSize(3);
    assertThat(result.out()).startsWith("NAME   STRATEGY   PHASE     STEP   WEIGHT   DESIRED   CURRENT   UP-TO-DATE   AVAILABLE   AGE\n")
        .containsPattern("api    Canary     Unknown   0/4    -        2         0         0            0           \\d+s")
        .containsPattern("web    Canary     Healthy   4/4    -        2         2         2            2           \\d+s");
  }

  @Test
  void allNamespacesAddsTheNamespaceColumn(KubernetesClient client, TestNamespace ns, TestCluster cluster) throws Exception {
    createRollout(client, ns, "web");

    Result table = cli(cluster).run("list", "rollouts", "-A");
    Result json = cli(cluster).run("list", "rollouts", "-A", "-o", "json");

    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out()).startsWith("NAMESPACE").containsPattern("(?m)^" + ns.name() + " +web +Canary");
    JsonNode rows = new ObjectMapper().readTree(json.out());
    assertThat(rows.findValuesAsText("namespace")).contains(ns.name());
  }

  @Test
  void watchPrintsARowWhenARolloutChanges(KubernetesClient client, TestNamespace ns, TestCluster cluster) throws Exception {
    createRollout(client, ns, "web");
    Running watch = cli(cluster).start("list", "rollouts", "-w", "--timeout", "8s", "-n", ns.name());
    Eventually.until("the table", Duration.ofSeconds(30), () -> watch.outSoFar().contains("Unknown"));

    setStatus(client, ns, "web", s -> s.phase = RolloutPhase.Degraded);

    Eventually.until("a Degraded row", Duration.ofSeconds(10), () -> watch.outSoFar().contains("Degraded"));
    assertThat(watch.outSoFar().lines().filter(l -> l.startsWith("web ")).toList()).hasSize(2);
    assertThat(watch.await(Duration.ofSeconds(30)).exitCode()).isZero();
  }

  @Test
  void colourOnATerminalUnlessNoColorIsSet(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    createRollout(client, ns, "web");
    setStatus(client, ns, "web", s -> s.phase = RolloutPhase.Healthy);

    Result terminal = cli(cluster).terminal(true).run("list", "rollouts", "-n", ns.name());
    Result noColor = cli(cluster).terminal(true).env("NO_COLOR", "1").run("list", "rollouts", "-n", ns.name());
    Result piped = cli(cluster).run("list", "rollouts", "-n", ns.name());

    assertThat(terminal.out()).contains("\u001b[32mHealthy\u001b[0m");
    assertThat(noColor.out()).contains("Healthy").doesNotContain("\u001b[");
    assertThat(piped.out()).contains("Healthy").doesNotContain("\u001b[");
  }

  @Test
  void anEmptyNamespaceSaysSo(TestNamespace ns, TestCluster cluster) {
    Result result = cli(cluster).run("list", "rollouts", "-n", ns.name());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).isEqualTo("No rollouts found in namespace \"" + ns.name() + "\".\n");
  }
}
