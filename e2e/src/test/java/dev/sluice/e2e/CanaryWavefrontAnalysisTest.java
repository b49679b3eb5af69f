package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.testing.WavefrontApiServer;
import dev.sluice.analysis.testing.WavefrontApiServer.Reply;
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
 * The wavefront provider decides a canary: Argo's example template (its query, the token keyed by host in
 * wavefront-api-tokens) against a local server speaking Wavefront's chart API: a good success rate, a bad one, and
 * rate limiting.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryWavefrontAnalysisTest {
  static final String TOKEN = "wf-e2e-8d2e1f";
  static OperatorProcess operator;
  WavefrontApiServer server;

  static String template(String address) {
    return """
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
            successCondition: result >= 0.95
            provider:
              wavefront:
                address: %s
                query: |
                  sum(rate(
                    5m, ts("istio.requestcount.count", response_code!=500 and destination_service="{{args.service}}"
                  ))) /
                  sum(rate(
                    5m, ts("istio.requestcount.count", reporter=client and destination_service="{{args.service}}"
                  )))
        """.formatted(address);
  }

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
    server = new WavefrontApiServer(TOKEN);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private ProviderCanary start(KubernetesClient client, TestNamespace ns) {
    return ProviderCanary.start(client, ns.name(), "success-rate", template(server.url()),
        Map.of("wavefront-api-tokens", Map.of("127.0.0.1", TOKEN)));
  }

  @Test
  void aGoodSuccessRateLetsTheCanaryComplete(KubernetesClient client, TestNamespace ns) {
    ProviderCanary canary = start(client, ns);
    server.answer(q -> Reply.ok(WavefrontApiServer.series(0.991)));

    canary.completes("success-rate");

    assertThat(canary.measurementValues()).contains("0.991");
    assertThat(server.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.get("q"))
        .contains("destination_service=\"web-canary\""));
  }

  @Test
  void aBadSuccessRateAbortsTheCanary(KubernetesClient client, TestNamespace ns) {
    ProviderCanary canary = start(client, ns);
    server.answer(q -> Reply.ok(WavefrontApiServer.series(0.61)));

    canary.aborts("success-rate");

    assertThat(canary.app().analysisRunPhases()).containsExactly("Failed");
    assertThat(canary.measurementValues()).contains("0.61");
  }

  @Test
  void rateLimitingIsAnErrorThatAborts(KubernetesClient client, TestNamespace ns) {
    ProviderCanary canary = start(client, ns);
    server.answer(q -> Reply.rateLimited());

    canary.aborts("success-rate");

    assertThat(canary.app().analysisRunPhases()).containsExactly("Error");
    assertThat(canary.statusJson()).contains("rate limited the query (HTTP 429)").doesNotContain(TOKEN);
    assertThat(operator.log()).doesNotContain(TOKEN);
  }
}
