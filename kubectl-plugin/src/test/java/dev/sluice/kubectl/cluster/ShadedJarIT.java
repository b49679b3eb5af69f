package dev.sluice.kubectl.cluster;

import static dev.sluice.kubectl.cluster.ClusterFixtures.createReplicaSet;
import static dev.sluice.kubectl.cluster.ClusterFixtures.createRollout;
import static dev.sluice.kubectl.cluster.ClusterFixtures.setStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.kubectl.CliRunner.Result;
import dev.sluice.kubectl.PluginProcess;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar (shaded: merged service files, the CRDs the validator reads) against a real API server, in its
 * own JVM: lists and watch events of every type the plugin reads.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class ShadedJarIT {
  @TempDir
  Path dir;

  private Map<String, String> env(TestCluster cluster) {
    return Map.of("KUBECONFIG", cluster.kubeconfig().toString(), "HOME", dir.toString());
  }

  @Test
  void readsRolloutReplicaSetsPodsAndAnalysisRuns(KubernetesClient client, TestNamespace ns, TestCluster cluster) throws Exception {
    Rollout rollout = createRollout(client, ns, "web");
    createReplicaSet(client, ns, rollout, "5b6a7c8d9e", 2);
    ClusterFixtures.createAnalysisRun(client, ns, rollout, "5b6a7c8d9e", "web-bg", "phase: Successful\n");
    setStatus(client, ns, "web", s -> {
      s.phase = RolloutPhase.Healthy;
      s.stableRS = "5b6a7c8d9e";
      s.currentPodHash = "5b6a7c8d9e";
    });
    Eventually.until("2 pods", Duration.ofMinutes(2), () -> client.pods().inNamespace(ns.name()).list().getItems().size() == 2);

    Result result = PluginProcess.run(PluginProcess.javaJar("get", "rollout", "web", "-n", ns.name(), "-o", "json"), env(cluster),
        "", dir);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode view = new ObjectMapper().readTree(result.out());
    assertThat(view.at("/revisions/0/roles/0").asText()).isEqualTo("stable");
    assertThat(view.at("/revisions/0/pods")).hasSize(2);
    assertThat(view.at("/analysisRuns/0/phase").asText()).isEqualTo("Successful");
  }

  @Test
  void watchesEveryType(KubernetesClient client, TestNamespace ns, TestCluster cluster) throws Exception {
    Rollout rollout = createRollout(client, ns, "web");
    setStatus(client, ns, "web", s -> s.phase = RolloutPhase.Progressing);
    PluginProcess watch = PluginProcess.start(PluginProcess.javaJar("get", "rollout", "web", "-w", "-n",
        ns.name()), env(cluster), "", dir);
    watch.awaitOutput("the first tree", Duration.ofSeconds(30), out -> out.contains("Progressing"));

    createReplicaSet(client, ns, rollout, "5b6a7c8d9e", 1);
    watch.awaitOutput("a ReplicaSet and its pod in the tree", Duration.ofSeconds(60),
        out -> out.matches("(?s).*web-5b6a7c8d9e-\\w+ +Pod +Running.*"));
    ClusterFixtures.createAnalysisRun(client, ns, rollout, "5b6a7c8d9e", "web-bg", "phase: Running\n");
    watch.awaitOutput("the AnalysisRun in the tree", Duration.ofSeconds(30), out -> out.contains("web-bg"));
    setStatus(client, ns, "web", s -> s.phase = RolloutPhase.Healthy);
    watch.awaitOutput("the new phase", Duration.ofSeconds(30), out -> out.contains("Phase:        Healthy"));
    watch.stop();
  }

  @Test
  void statusAndList(KubernetesClient client, TestNamespace ns, TestCluster cluster) throws Exception {
    createRollout(client, ns, "web");
    setStatus(client, ns, "web", s -> s.phase = RolloutPhase.Degraded);

    Result status = PluginProcess.run(PluginProcess.javaJar("status", "web", "-n", ns.name()), env(cluster), "", dir);
    Result list = PluginProcess.run(PluginProcess.javaJar("list", "rollouts", "-n", ns.name()), env(cluster), "", dir);

    assertThat(status.exitCode()).as(status.toString()).isEqualTo(1);
    assertThat(list.out()).containsPattern("web +Canary +Degraded");
  }
}
