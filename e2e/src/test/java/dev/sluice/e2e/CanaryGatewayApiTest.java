package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A canary through a Gateway API HTTPRoute, driven by the packaged operator on the local control plane. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryGatewayApiTest {
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
  void fourStepCanaryShiftsTheRouteStepByStepAndEndsHealthy(KubernetesClient client, TestNamespace ns) throws Exception {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    app.applyRollout("1.0");
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");
    assertThat(app.serviceHash("web-stable")).isEqualTo(v1);
    assertThat(app.routeWeights()).isEqualTo("0/100");

    List<String> seen = recordRouteWeights(app, () -> {
      app.applyRollout("2.0");
      Eventually.until("the indefinite pause at step 4", Duration.ofMinutes(2),
          () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));
      assertThat(app.routeWeights()).isEqualTo("50/50");
      app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
      Eventually.until("v2 Healthy", Duration.ofMinutes(2),
          () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    });

    String v2 = (String) app.status().get("stableRS");
    assertThat(seen).containsExactly("0/100", "25/75", "50/50", "0/100");
    assertThat(app.serviceHash("web-stable")).isEqualTo(v2);
    assertThat(app.serviceHash("web-canary")).isEqualTo(v2);
    Eventually.until("the old stable scaled to zero", Duration.ofMinutes(1), () -> replicas(client, ns, "web-" + v1) == 0);
    assertThat(replicas(client, ns, "web-" + v2)).isEqualTo(4);
  }

  @Test
  void abortAtStepTwoPutsTrafficBackOnStableAndScalesTheCanaryDown(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    app.applyRollout("1.0");
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");
    app.applyRollout("2.0");
    Eventually.until("step 2 (the timed pause)", Duration.ofMinutes(2),
        () -> Integer.valueOf(1).equals(app.status().get("currentStepIndex")) && "25/75".equals(app.routeWeights()));

    app.patchStatus("{\"status\":{\"abort\":true}}");

    Eventually.until("Degraded", Duration.ofMinutes(1), () -> "Degraded".equals(app.phase()));
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(app.serviceHash("web-stable")).isEqualTo(v1);
    String v2 = (String) app.status().get("currentPodHash");
    Eventually.until("the canary scaled down", Duration.ofMinutes(1), () -> replicas(client, ns, "web-" + v2) == 0);
    assertThat((String) app.status().get("message")).contains("RolloutAborted");

    // Git reverts the template: the stable revision again, no steps, no new ReplicaSet.
    int replicaSetsBefore = client.apps().replicaSets().inNamespace(ns.name()).list().getItems().size();
    app.applyRollout("1.0");
    Eventually.until("Healthy on v1 again", Duration.ofMinutes(1),
        () -> "Healthy".equals(app.phase()) && v1.equals(app.status().get("currentPodHash")));
    assertThat(client.apps().replicaSets().inNamespace(ns.name()).list().getItems()).hasSize(replicaSetsBefore);
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(app.status().get("abort")).isNull();
  }

  private static int replicas(KubernetesClient client, TestNamespace ns, String name) {
    ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(ns.name()).withName(name).get();
    return replicaSet == null ? -1 : replicaSet.getSpec().getReplicas();
  }

  /** Samples the route's weights every 100 ms while the action runs; returns each distinct value in order. */
  private static List<String> recordRouteWeights(CanaryFixture app, Runnable action) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    seen.add(app.routeWeights());
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> {
      String weights = app.routeWeights();
      synchronized (seen) {
        if (!weights.equals(seen.get(seen.size() - 1))) {
          seen.add(weights);
        }
      }
    }, 0, 100, TimeUnit.MILLISECONDS);
    try {
      action.run();
      Thread.sleep(300);
    } finally {
      sampler.shutdownNow();
      sampler.awaitTermination(5, TimeUnit.SECONDS);
    }
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }
}
