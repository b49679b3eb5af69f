package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.testing.NerdGraphServer;
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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The newRelic provider decides whether a canary goes on, against a local server speaking NerdGraph's NRQL query (no
 * New Relic server can be installed): the template is Argo's docs example (result.successRate), the profile Secret is
 * in the run's namespace (namespaced), and the success rate the server answers is good or bad.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryNewRelicAnalysisTest {
  static final String KEY = "NRAK-E2E4D8F2A";
  static final long ACCOUNT = 7654321;
  static final String NRQL = "FROM Transaction SELECT percentage(count(*), WHERE httpResponseCode != 500) as"
      + " successRate where appName = 'web-canary'";
  static OperatorProcess operator;
  NerdGraphServer server;

  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: success-rate}
      spec:
        args:
        - name: application-name
        metrics:
        - name: success-rate
          interval: 2s
          count: 2
          successCondition: result.successRate >= 95
          provider:
            newRelic:
              profile: newrelic-team
              namespaced: true
              query: |
                FROM Transaction SELECT percentage(count(*), WHERE httpResponseCode != 500) as successRate where appName = '{{ args.application-name }}'
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
    server = new NerdGraphServer(KEY, ACCOUNT);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void aGoodSuccessRateLetsTheCanaryComplete(KubernetesClient client, TestNamespace ns) {
    server.put(NRQL, "[{\"successRate\": 99.6}]");
    CanaryFixture app = start(client, ns);
    Object v1 = app.status().get("stableRS");
    app.applyRolloutYaml(rollout("2.0"));
    Eventually.until("v2 Healthy", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    assertThat(app.analysisRunPhases()).containsExactly("Successful");
    assertThat(CanaryDatadogAnalysisTest.measurementValues(app)).contains("{\"successRate\":99.6}");
  }

  @Test
  void aBadSuccessRateFailsTheRunAndAborts(KubernetesClient client, TestNamespace ns) {
    server.put(NRQL, "[{\"successRate\": 71.5}]");
    CanaryFixture app = start(client, ns);
    app.applyRolloutYaml(rollout("2.0"));
    Eventually.until("Degraded", Duration.ofMinutes(2), () -> "Degraded".equals(app.phase()));
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(app.analysisRunPhases()).containsExactly("Failed");
    assertThat(app.status()).containsEntry("abortReason", "Analysis");
    assertThat(CanaryDatadogAnalysisTest.measurementValues(app)).contains("{\"successRate\":71.5}");
    assertThat(Serialization.asJson(app.analysisRunStatuses())).doesNotContain(KEY);
    assertThat(operator.log()).doesNotContain(KEY);
  }

  private static String rollout(String version) {
    return CanaryFixture.ANALYSIS_ROLLOUT.formatted(version, "success-rate", "application-name", "web-canary");
  }

  /** App, route, profile Secret and template in place, v1 Healthy. */
  private CanaryFixture start(KubernetesClient client, TestNamespace ns) {
    client.secrets().inNamespace(ns.name()).resource(new SecretBuilder().withNewMetadata().withName("newrelic-team")
        .endMetadata().withStringData(Map.of("personal-api-key", KEY, "account-id", Long.toString(ACCOUNT),
            "base-url-nerdgraph", server.url())).build()).create();
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createAppAndRoute();
    client.resource(Serialization.unmarshal(TEMPLATE, GenericKubernetesResource.class)).inNamespace(ns.name())
        .create();
    app.applyRolloutYaml(rollout("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return app;
  }
}
