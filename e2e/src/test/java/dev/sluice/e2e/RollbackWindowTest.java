package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** rollbackWindow on the local control plane: re-applying the previous manifest is promoted without its pause. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class RollbackWindowTest {
  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 2
        rollbackWindow: {revisions: 1}
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          canary:
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
    if (operator != null) {
      operator.close();
    }
  }

  @Test
  void goingBackToThePreviousRevisionSkipsThePause(KubernetesClient client, TestNamespace ns) {
    WebRollout app = new WebRollout(client, ns.name());
    app.apply(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");
    app.apply(ROLLOUT.formatted("2.0"));
    Eventually.until("v2 paused at 50%", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
    app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
    Eventually.until("v2 stable", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));

    app.apply(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 stable again, without a pause", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()) && v1.equals(app.status().get("stableRS")));
    assertThat(client.v1().events().inNamespace(ns.name()).list().getItems())
        .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("SkipSteps"));
    assertThat(client.v1().events().inNamespace(ns.name()).list().getItems().stream()
        .filter(e -> "RolloutPaused".equals(e.getReason())).count())
        .as("only v2 paused").isEqualTo(1);
  }
}
