package dev.sluice.kubectl.cluster;

import static dev.sluice.kubectl.cluster.ClusterFixtures.cli;
import static dev.sluice.kubectl.cluster.ClusterFixtures.createAnalysisRun;
import static dev.sluice.kubectl.cluster.ClusterFixtures.createReplicaSet;
import static dev.sluice.kubectl.cluster.ClusterFixtures.createRollout;
import static dev.sluice.kubectl.cluster.ClusterFixtures.pause;
import static dev.sluice.kubectl.cluster.ClusterFixtures.setStatus;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.CanaryStatus;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.kubectl.CliRunner.Result;
import dev.sluice.kubectl.CliRunner.Running;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** `get rollout`: the tree of ReplicaSets (made by the test, as the controller would), their pods (kwok), AnalysisRuns. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class GetRolloutClusterTest {
  private static final String STABLE = "5b6a7c8d9e";
  private static final String CANARY = "1f2e3d4c5b";

  /** A canary at step 1: a stable ReplicaSet with 2 ready pods, a canary one with 1, a running analysis. */
  private static Rollout canaryInFlight(KubernetesClient client, TestNamespace ns) {
    Rollout rollout = createRollout(client, ns, "web");
    createReplicaSet(client, ns, rollout, STABLE, 2);
    createReplicaSet(client, ns, rollout, CANARY, 1);
    Eventually.until("pods of both revisions available", Duration.ofMinutes(2), () ->
        available(client, ns, "web-" + STABLE) == 2 && available(client, ns, "web-" + CANARY) == 1);
    createAnalysisRun(client, ns, rollout, CANARY, "web-" + CANARY + "-bg", """
        phase: Running
        metricResults:
        - name: success-rate
          phase: Running
          count: 2
          successful: 2
          measurements:
          - {phase: Successful, value: "0.997"}
          - {phase: Successful, value: "0.995"}
        """);
    return setStatus(client, ns, "web", s -> {
      s.phase = RolloutPhase.Paused;
      s.currentStepIndex = 1;
      s.stableRS = STABLE;
      s.currentPodHash = CANARY;
      s.pauseConditions = List.of(pause(PauseCondition.Reason.CanaryPauseStep));
      s.canary = new CanaryStatus();
      s.canary.currentBackgroundAnalysisRun = "web-" + CANARY + "-bg";
      s.canary.weights = new CanaryStatus.TrafficWeights();
      s.canary.weights.canary = new CanaryStatus.WeightDestination();
      s.canary.weights.canary.weight = 20;
      s.canary.weights.stable = new CanaryStatus.WeightDestination();
      s.canary.weights.stable.weight = 80;
      s.canary.weights.verified = true;
    });
  }

  private static int available(KubernetesClient client, TestNamespace ns, String replicaSet) {
    ReplicaSet rs = client.apps().replicaSets().inNamespace(ns.name()).withName(replicaSet).get();
    return rs.getStatus() == null || rs.getStatus().getAvailableReplicas() == null ? 0 : rs.getStatus().getAvailableReplicas();
  }

  @Test
  void showsTheRevisionsPodsAndAnalysis(KubernetesClient client, TestNamespace ns, TestCluster cluster) {
    canaryInFlight(client, ns);
    createRollout(client, ns, "other");
    List<Pod> pods = client.pods().inNamespace(ns.name()).list().getItems();

    Result result = cli(cluster).run("get", "rollout", "web", "-n", ns.name());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("Phase:        Paused (CanaryPauseStep)", "Step:         1/4",
        "Weights:      canary 20%, stable 80% (verified)")
        .containsPattern("├── web-" + CANARY + " +ReplicaSet +Healthy .*canary, revision " + CANARY + ", ready 1/1, available 1")
        .containsPattern("└── web-" + STABLE + " +ReplicaSet +Healthy .*stable, revision " + STABLE + ", ready 2/2, available 2")
        .containsPattern("│   └── web-" + CANARY + "-bg +AnalysisRun +Running .*current")
        .containsPattern("│       └── success-rate +Metric +Running +last 0.997, 0.995; successful 2")
        .doesNotContain("\u001b[");
    assertThat(pods).hasSize(3).allSatisfy(pod ->
        assertThat(result.out()).containsPattern(pod.getMetadata().getName() + " +Pod +Running .*ready 1/1, available"));
  }

  @Test
  void jsonHasTheSameFacts(KubernetesClient client, TestNamespace ns, TestCluster cluster) throws Exception {
    canaryInFlight(client, ns);

    Result result = cli(cluster).run("get", "ro", "web", "-n", ns.name(), "-o", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode view = new ObjectMapper().readTree(result.out());
    assertThat(view.path("phase").asText()).isEqualTo("Paused");
    assertThat(view.path("revisions")).hasSize(2);
    assertThat(view.at("/revisions/0/hash").asText()).isEqualTo(CANARY);
    assertThat(view.at("/revisions/1/pods")).hasSize(2);
    assertThat(view.at("/analysisRuns/0/metrics/0/lastValues/1").asText()).isEqualTo("0.995");
  }

  @Test
  void watchRedrawsWhenTheStatusChanges(KubernetesClient client, TestNamespace ns, TestCluster cluster) throws Exception {
    canaryInFlight(client, ns);
    Running watch = cli(cluster).start("get", "rollout", "web", "-w", "--timeout", "10s", "-n", ns.name());
    Eventually.until("the first tree", Duration.ofSeconds(30), () -> watch.outSoFar().contains("Paused (CanaryPauseStep)"));

    setStatus(client, ns, "web", s -> {
      s.phase = RolloutPhase.Progressing;
      s.pauseConditions = null;
      s.currentStepIndex = 2;
    });

    Eventually.until("a redraw with step 2", Duration.ofSeconds(10), () -> watch.outSoFar().contains("Step:         2/4"));
    String out = watch.outSoFar();
    assertThat(out.indexOf("Phase:        Paused")).isLessThan(out.indexOf("Phase:        Progressing"));
    Result result = watch.await(Duration.ofSeconds(30));
    assertThat(result.exitCode()).isZero();
  }
}
