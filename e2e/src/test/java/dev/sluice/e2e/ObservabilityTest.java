package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator of Sluice sees: Prometheus metrics on /q/metrics follow a canary (phase, traffic weight, step
 * durations, java-operator-sdk's reconcile timings), and with JSON logging every line is a JSON object whose
 * reconcile lines name the rollout.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class ObservabilityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static OperatorProcess operator;

  @BeforeAll
  static void startOperator() {
    operator = OperatorProcess.start(TestCluster.get(), "quarkus.log.console.json.enabled=true",
        "quarkus.log.category.\"io.javaoperatorsdk.operator.processing.event\".level=DEBUG");
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void metricsFollowACanaryAndJsonLogLinesNameTheRollout(KubernetesClient client, TestNamespace ns) throws Exception {
    OperatorMetrics metrics = OperatorMetrics.of(operator);
    assertThat(metrics.value("sluice_rollouts{phase=\"Degraded\"}")).as("phase gauges exist from the start").isPresent();
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    app.applyRollout("1.0");
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    app.applyRollout("2.0");
    Eventually.until("the indefinite pause at 50%", Duration.ofMinutes(2),
        () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));

    String weightSeries = "sluice_rollout_traffic_weight{namespace=\"" + ns.name() + "\",rollout=\"web\"}";
    Eventually.until("the weight gauge at 50", Duration.ofSeconds(30), () -> metrics.value(weightSeries).orElse(-1.0) == 50.0);
    assertThat(metrics.value("sluice_rollouts{phase=\"Paused\"}")).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));

    app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
    Eventually.until("v2 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    Eventually.until("the weight gauge back at 0", Duration.ofSeconds(30), () -> metrics.value(weightSeries).orElse(-1.0) == 0.0);
    String page = metrics.scrape();
    assertThat(OperatorMetrics.value(page, "sluice_rollout_step_duration_seconds_count{namespace=\"" + ns.name() + "\",rollout=\"web\"}"))
        .as("four steps timed").hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(4));
    assertThat(OperatorMetrics.value(page, "sluice_rollouts{phase=\"Healthy\"}")).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
    java.nio.file.Files.writeString(java.nio.file.Path.of("target", "observability-metrics.txt"), page);
    assertThat(page).as("java-operator-sdk's reconcile duration")
        .containsPattern("(?m)^operator_sdk_controllers_execution_reconcile_seconds_count\\{.*rollout");

    List<JsonNode> lines = new ArrayList<>();
    for (String line : operator.log().split("\n")) {
      if (line.startsWith("{")) {
        lines.add(JSON.readTree(line));
      }
    }
    assertThat(lines).as("JSON log lines").hasSizeGreaterThan(10);
    assertThat(lines).as("a reconcile line naming the rollout").anySatisfy(line -> {
      assertThat(line.path("mdc").path("resource.namespace").asText()).isEqualTo(ns.name());
      assertThat(line.path("mdc").path("resource.name").asText()).isEqualTo("web");
    });
    assertThat(operator.log().lines().filter(l -> !l.isBlank() && !l.startsWith("{")).toList())
        .as("lines that are not JSON").isEmpty();
  }
}
