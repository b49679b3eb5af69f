package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The controller under faults: a route that disappears, and its own process killed mid-canary. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryResilienceTest {
  @Test
  void aDeletedHttpRouteGivesAClearConditionAndNoCrash(KubernetesClient client, TestNamespace ns) {
    try (OperatorProcess operator = OperatorProcess.start(TestCluster.get())) {
      CanaryFixture app = new CanaryFixture(client, ns.name());
      app.createAppAndRoute();
      app.applyRollout("1.0");
      Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
      client.genericKubernetesResources("gateway.networking.k8s.io/v1", "HTTPRoute").inNamespace(ns.name()).withName("web").delete();

      app.applyRollout("2.0");

      Eventually.until("a condition naming the route", Duration.ofMinutes(1), () -> {
        String message = (String) app.status().get("message");
        return message != null && message.contains("TrafficRoutingError") && message.contains("web");
      });
      assertThat(condition(app, "Stalled")).containsEntry("status", "True").containsEntry("reason", "TrafficRoutingError");
      Eventually.until("a Warning Event naming the route", Duration.ofSeconds(30), () -> client.v1().events().inNamespace(ns.name())
          .list().getItems().stream().map(Event::getMessage).anyMatch(m -> m != null && m.contains("HTTPRoute")));
      assertThat(operator.log()).doesNotContain("Exception in thread");

      app.createAppAndRoute();
      Eventually.until("the canary going on once the route is back", Duration.ofMinutes(1),
          () -> "25/75".equals(app.routeWeights()));
    }
  }

  @Test
  void killedMidCanaryTheOperatorCarriesOnFromStatus(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    OperatorProcess first = OperatorProcess.start(TestCluster.get());
    app.applyRollout("1.0");
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    app.applyRollout("2.0");
    Eventually.until("step 2 (the timed pause)", Duration.ofMinutes(2),
        () -> Integer.valueOf(1).equals(app.status().get("currentStepIndex")));

    first.kill();
    Map<String, Object> atKill = app.status();

    try (OperatorProcess second = OperatorProcess.start(TestCluster.get())) {
      Eventually.until("the indefinite pause at step 4", Duration.ofMinutes(2),
          () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));
      assertThat(app.routeWeights()).isEqualTo("50/50");
      assertThat(app.status().get("currentPodHash")).isEqualTo(atKill.get("currentPodHash"));
      assertThat(app.status().get("stableRS")).isEqualTo(atKill.get("stableRS"));
      app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
      Eventually.until("v2 Healthy", Duration.ofMinutes(2),
          () -> "Healthy".equals(app.phase()) && atKill.get("currentPodHash").equals(app.status().get("stableRS")));
      assertThat(app.routeWeights()).isEqualTo("0/100");
      StepCompletions.assertEachStepOnceAfterAKill(client, ns.name(), 2, 4);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> condition(CanaryFixture app, String type) {
    var conditions = (java.util.List<Map<String, Object>>) app.status().get("conditions");
    return conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst().orElseThrow();
  }
}
