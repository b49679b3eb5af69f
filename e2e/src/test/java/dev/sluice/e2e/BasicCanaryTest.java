package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A canary without a traffic router on the local control plane: the pods are the traffic. What a user checks is
 * how many pods of each version run, the weight the status shows, and what an abort does to the canary's pods.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class BasicCanaryTest {
  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 5
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          canary:
            abortScaleDownDelaySeconds: 600
            steps:
            - setWeight: 20
            - pause: {}
      """;

  static OperatorProcess operator;

  @BeforeAll
  static void startOperator() {
    operator = OperatorProcess.start(TestCluster.get());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void theWeightIsThePodsShareAndAnAbortTakesTheCanaryPodsAwayAtOnce(KubernetesClient client, TestNamespace ns) {
    WebRollout app = new WebRollout(client, ns.name());
    app.apply(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");

    app.apply(ROLLOUT.formatted("2.0"));
    List<String> seenInPause = new ArrayList<>();
    Eventually.until("paused after setWeight 20", Duration.ofMinutes(2), () -> {
      if ("Paused".equals(app.phase())) {
        seenInPause.add(app.weight("canary") + "@" + app.pods(v1).size() + "/" + app.pods(canary(app)).size());
      }
      return seenInPause.size() >= 10;
    });
    String v2 = canary(app);
    assertThat(app.replicas(v2)).isEqualTo(1);
    assertThat(app.replicas(v1)).isEqualTo(4);
    assertThat(seenInPause).as("weight@stable pods/canary pods, sampled in the pause").containsOnly("20@4/1");
    assertThat(app.weight("stable")).isEqualTo(80);

    Instant aborted = Instant.now();
    app.patchStatus("{\"status\":{\"abort\":true}}");
    Eventually.until("no canary pod left and weight 0", Duration.ofSeconds(60),
        () -> app.pods(v2).size() == 0 && app.replicas(v2) == 0 && Integer.valueOf(0).equals(app.weight("canary")));
    assertThat(Duration.between(aborted, Instant.now())).as("not after abortScaleDownDelaySeconds (600 s)")
        .isLessThan(Duration.ofSeconds(60));
    Eventually.until("5 stable pods", Duration.ofSeconds(60), () -> app.pods(v1).size() == 5);
    assertThat(app.phase()).isEqualTo("Degraded");
    assertThat((String) app.status().get("message")).contains("back on stable " + v1);
    assertThat(app.weight("stable")).isEqualTo(100);
  }

  private static String canary(WebRollout app) {
    return (String) app.status().get("currentPodHash");
  }
}
