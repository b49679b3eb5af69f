package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.testing.InfluxdbApiServer;
import dev.sluice.analysis.testing.InfluxdbApiServer.Reply;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The influxdb provider decides a canary: Argo's example template (profile Secret, Flux query, result[0]) against a
 * local server speaking InfluxDB 2's query API, which answers a good error rate, a bad one, or refuses the token.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryInfluxdbAnalysisTest {
  static final String TOKEN = "influx-e2e-3b7c9d";
  static final String ORG = "sluice-e2e-org";
  static OperatorProcess operator;
  InfluxdbApiServer server;

  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: error-rate}
      spec:
        args:
        - name: service
        metrics:
        - name: error-rate
          interval: 2s
          count: 2
          consecutiveErrorLimit: 1
          successCondition: result[0] <= 0.01
          provider:
            influxdb:
              profile: team-influxdb
              query: |
                from(bucket: "app_istio")
                  |> range(start: -15m)
                  |> filter(fn: (r) => r["destination_workload"] == "{{ args.service }}")
                  |> filter(fn: (r) => r["_measurement"] == "istio:istio_requests_errors_percentage:rate1m:5xx")
      """;

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

  @BeforeEach
  void startServer() throws IOException {
    server = new InfluxdbApiServer(ORG, TOKEN);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private ProviderCanary start(KubernetesClient client, TestNamespace ns, String token) {
    return ProviderCanary.start(client, ns.name(), "error-rate", TEMPLATE,
        Map.of("team-influxdb", Map.of("address", server.url(), "authToken", token, "org", ORG)));
  }

  @Test
  void aLowErrorRateLetsTheCanaryComplete(KubernetesClient client, TestNamespace ns) {
    ProviderCanary canary = start(client, ns, TOKEN);
    server.answer(q -> Reply.ok(InfluxdbApiServer.csv(0.004)));

    canary.completes("error-rate");

    assertThat(canary.measurementValues()).contains("[0.004]");
    assertThat(server.queries()).isNotEmpty().allSatisfy(q -> assertThat(q)
        .contains("r[\"destination_workload\"] == \"web-canary\""));
  }

  @Test
  void aHighErrorRateAbortsTheCanary(KubernetesClient client, TestNamespace ns) {
    ProviderCanary canary = start(client, ns, TOKEN);
    server.answer(q -> Reply.ok(InfluxdbApiServer.csv(0.2, 0.004)));

    canary.aborts("error-rate");

    assertThat(canary.app().analysisRunPhases()).containsExactly("Failed");
    assertThat(canary.measurementValues()).contains("[0.2,0.004]");
  }

  @Test
  void aRefusedTokenIsAnErrorThatNeverShowsTheProfile(KubernetesClient client, TestNamespace ns) {
    ProviderCanary canary = start(client, ns, "wrong-influx-5e4f");

    canary.aborts("error-rate");

    assertThat(canary.app().analysisRunPhases()).containsExactly("Error");
    assertThat(canary.statusJson()).contains("answered HTTP 401 (unauthorized): unauthorized access")
        .doesNotContain("wrong-influx-5e4f").doesNotContain(server.url());
    assertThat(operator.log()).doesNotContain("wrong-influx-5e4f");
  }
}
