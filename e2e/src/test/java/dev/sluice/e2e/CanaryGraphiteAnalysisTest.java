package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.testing.GraphiteServer;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The graphite provider decides a canary against a real graphite-web (PyPI) reading whisper files: Argo's query form
 * (a summarize target over several lines, the service argument in the metric path) over a good and a bad series.
 */
@Tag("cluster")
@Tag("graphite")
@ExtendWith(KubernetesExtension.class)
class CanaryGraphiteAnalysisTest {
  static OperatorProcess operator;
  static GraphiteServer graphite;

  static String template(String release) {
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
            successCondition: "all(result, # >= 90.0)"
            provider:
              graphite:
                address: %s
                query: |
                  target=summarize(
                    app.{{args.service}}.%s.success_pct,
                    '1min', 'avg')
                  &from=-10min
        """.formatted(graphite.url(), release);
  }

  @BeforeAll
  static void start() throws Exception {
    graphite = GraphiteServer.start();
    graphite.put("app.web-canary.good.success_pct", 99.5, 99.7, 99.9);
    graphite.put("app.web-canary.bad.success_pct", 99.5, 81.0, 75.0);
    operator = OperatorProcess.start(TestCluster.get());
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (graphite != null) {
      graphite.close();
    }
  }

  @Test
  void aGoodSeriesLetsTheCanaryComplete(KubernetesClient client, TestNamespace ns) {
    ProviderCanary canary = ProviderCanary.start(client, ns.name(), "success-rate", template("good"), Map.of());

    canary.completes("success-rate");

    assertThat(canary.measurementValues()).contains("[99.5,99.7,99.9]");
  }

  @Test
  void aBadSeriesAbortsTheCanary(KubernetesClient client, TestNamespace ns) {
    ProviderCanary canary = ProviderCanary.start(client, ns.name(), "success-rate", template("bad"), Map.of());

    canary.aborts("success-rate");

    assertThat(canary.app().analysisRunPhases()).containsExactly("Failed");
    assertThat(canary.measurementValues()).contains("[99.5,81,75]");
  }
}
