package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web provider decides whether a canary goes on: a local HTTP server the test controls answers the analysis with a
 * good number, a bad one, too slowly, or with something that is not JSON. It checks the token the template reads
 * from a Secret, so a wrong or missing credential shows too.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryWebAnalysisTest {
  static final String TOKEN = "Bearer e2e-7c1d9a";
  static OperatorProcess operator;
  HttpServer server;
  volatile Answer answer = Answer.GOOD;
  final AtomicInteger requests = new AtomicInteger();

  enum Answer { GOOD, BAD, SLOW, MALFORMED }

  static String rollout(String version) {
    return CanaryFixture.ANALYSIS_ROLLOUT.formatted(version, "success-rate", "service", "web-canary");
  }

  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: success-rate}
      spec:
        args:
        - name: service
        metrics:
        - name: success-rate
          interval: 2s
          count: 2
          consecutiveErrorLimit: 1
          successCondition: "result >= 0.99"
          provider:
            web:
              url: "%s/api/v1/measure?service={{args.service}}"
              timeoutSeconds: 1
              headers:
              - key: Authorization
                valueFrom: {secretKeyRef: {name: metrics-api, key: token}}
              jsonPath: "{$.data.successRate}"
      """;

  @BeforeAll
  static void startOperator() {
    operator = OperatorProcess.start(TestCluster.get());
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/api/v1/measure", exchange -> {
      try (exchange) {
        requests.incrementAndGet();
        if (!TOKEN.equals(exchange.getRequestHeaders().getFirst("Authorization"))
            || !"service=web-canary".equals(exchange.getRequestURI().getQuery())) {
          send(exchange, 401, "{\"error\":\"unauthorized\"}");
          return;
        }
        switch (answer) {
          case GOOD -> send(exchange, 200, "{\"data\":{\"successRate\":\"0.998\"}}");
          case BAD -> send(exchange, 200, "{\"data\":{\"successRate\":0.62}}");
          case SLOW -> {
            sleep(Duration.ofSeconds(3));
            send(exchange, 200, "{\"data\":{\"successRate\":1}}");
          }
          case MALFORMED -> send(exchange, 200, "<html>upstream error</html>");
        }
      }
    });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void goodAnswersLetTheCanaryComplete(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = start(client, ns);
    Object v1 = app.status().get("stableRS");
    app.applyRolloutYaml(rollout("2.0"));
    Eventually.until("v2 Healthy", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    assertThat(app.analysisRunPhases()).containsExactly("Successful");
    assertThat(requests.get()).isGreaterThanOrEqualTo(2);
    assertThat(measurementValues(app)).contains("0.998");
  }

  @Test
  void aBadNumberFailsTheRunAndAborts(KubernetesClient client, TestNamespace ns) {
    answer = Answer.BAD;
    CanaryFixture app = abortedCanary(client, ns);
    assertThat(app.analysisRunPhases()).containsExactly("Failed");
    assertThat(app.status()).containsEntry("abortReason", "Analysis");
    assertThat(measurementValues(app)).contains("0.62");
  }

  @Test
  void aSlowAnswerIsAnErrorAndAborts(KubernetesClient client, TestNamespace ns) {
    answer = Answer.SLOW;
    CanaryFixture app = abortedCanary(client, ns);
    assertThat(app.analysisRunPhases()).containsExactly("Error");
    assertThat(Serialization.asJson(app.analysisRunStatuses())).contains("timed out after 1s");
  }

  @Test
  void aMalformedAnswerIsAnErrorAndAborts(KubernetesClient client, TestNamespace ns) {
    answer = Answer.MALFORMED;
    CanaryFixture app = abortedCanary(client, ns);
    assertThat(app.analysisRunPhases()).containsExactly("Error");
    assertThat(Serialization.asJson(app.analysisRunStatuses())).contains("web answer is not JSON: <html>upstream error</html>");
  }

  @Test
  void aWrongTokenIsAnErrorThatNeverShowsTheToken(KubernetesClient client, TestNamespace ns) {
    client.secrets().inNamespace(ns.name()).resource(new SecretBuilder().withNewMetadata().withName("metrics-api")
        .endMetadata().withStringData(Map.of("token", "Bearer wrong-5e4f")).build()).create();
    CanaryFixture app = abortedCanary(client, ns);
    assertThat(app.analysisRunPhases()).containsExactly("Error");
    assertThat(Serialization.asJson(app.analysisRunStatuses())).contains("web answered HTTP 401").doesNotContain("wrong-5e4f");
    assertThat(operator.log()).doesNotContain("wrong-5e4f");
  }

  private CanaryFixture abortedCanary(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = start(client, ns);
    app.applyRolloutYaml(rollout("2.0"));
    Eventually.until("Degraded", Duration.ofMinutes(2), () -> "Degraded".equals(app.phase()));
    assertThat(app.routeWeights()).isEqualTo("0/100");
    return app;
  }

  /** App, route, Secret and template in place, v1 Healthy. */
  private CanaryFixture start(KubernetesClient client, TestNamespace ns) {
    if (client.secrets().inNamespace(ns.name()).withName("metrics-api").get() == null) {
      client.secrets().inNamespace(ns.name()).resource(new SecretBuilder().withNewMetadata().withName("metrics-api")
          .endMetadata().withStringData(Map.of("token", TOKEN)).build()).create();
    }
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    client.resource(Serialization.unmarshal(TEMPLATE.formatted(url), GenericKubernetesResource.class))
        .inNamespace(ns.name()).create();
    app.applyRolloutYaml(rollout("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return app;
  }

  @SuppressWarnings("unchecked")
  private static List<String> measurementValues(CanaryFixture app) {
    return app.analysisRunStatuses().stream()
        .flatMap(s -> ((List<Map<String, Object>>) s.getOrDefault("metricResults", List.of())).stream())
        .flatMap(r -> ((List<Map<String, Object>>) r.getOrDefault("measurements", List.of())).stream())
        .map(m -> String.valueOf(m.get("value"))).toList();
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
