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
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What an operator of Sluice sees: Prometheus metrics on /q/metrics follow a canary (phase, traffic weight, step
 * durations, java-operator-sdk's reconcile timings), and with JSON logging every line is a JSON object whose
 * reconcile lines name the rollout.
 */
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
    URI metrics = URI.create("http://127.0.0.1:" + httpPort() + "/q/metrics");
    assertThat(value(scrape(metrics), "sluice_rollouts{phase=\"Degraded\"}")).as("phase gauges exist from the start").isPresent();
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    app.applyRollout("1.0");
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    app.applyRollout("2.0");
    Eventually.until("the indefinite pause at 50%", Duration.ofMinutes(2),
        () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));

    String weightSeries = "sluice_rollout_traffic_weight{namespace=\"" + ns.name() + "\",rollout=\"web\"}";
    Eventually.until("the weight gauge at 50", Duration.ofSeconds(30), () -> value(scrape(metrics), weightSeries).orElse(-1.0) == 50.0);
    assertThat(value(scrape(metrics), "sluice_rollouts{phase=\"Paused\"}")).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));

    app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
    Eventually.until("v2 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    Eventually.until("the weight gauge back at 0", Duration.ofSeconds(30), () -> value(scrape(metrics), weightSeries).orElse(-1.0) == 0.0);
    String page = scrape(metrics);
    assertThat(value(page, "sluice_rollout_step_duration_seconds_count{namespace=\"" + ns.name() + "\",rollout=\"web\"}"))
        .as("four steps timed").hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(4));
    assertThat(value(page, "sluice_rollouts{phase=\"Healthy\"}")).hasValueSatisfying(v -> assertThat(v).isGreaterThanOrEqualTo(1));
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

  private static int httpPort() {
    Matcher port = Pattern.compile("Listening on: http://[^:]+:(\\d+)").matcher(operator.log());
    assertThat(port.find()).as("the operator's HTTP port in its log").isTrue();
    return Integer.parseInt(port.group(1));
  }

  private static String scrape(URI uri) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient()
          .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The value of one series (name and labels exactly as Prometheus' text format prints them). */
  private static Optional<Double> value(String page, String series) {
    String name = series.contains("{") ? series.substring(0, series.indexOf('{')) : series;
    String labels = series.contains("{") ? series.substring(series.indexOf('{') + 1, series.length() - 1) : "";
    return page.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> labels.isEmpty() || List.of(labelsOf(l)).containsAll(List.of(labels.split(","))))
        .map(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst();
  }

  private static String[] labelsOf(String line) {
    int open = line.indexOf('{');
    int close = line.indexOf('}');
    return open < 0 ? new String[0] : line.substring(open + 1, close).split(",");
  }
}
