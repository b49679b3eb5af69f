package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The blue-green strategy on the local control plane with the packaged operator: what a user checks is which
 * ReplicaSet the active and preview Services select, the ReplicaSets' replicas, the Rollout's phase and abort
 * fields, and the AnalysisRuns' phases. Analyses query a real Prometheus scraping an endpoint the test controls.
 */
@Tag("cluster")
@Tag("prometheus")
@ExtendWith(KubernetesExtension.class)
class BlueGreenTest {
  static OperatorProcess operator;
  AppTraffic traffic;

  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 3
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          blueGreen:
            activeService: web-active
            previewService: web-preview
            scaleDownDelaySeconds: 2
            abortScaleDownDelaySeconds: 2
      %s""";

  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: error-rate}
      spec:
        metrics:
        - name: error-rate
          initialDelay: 3s
          interval: 2s
          count: 2
          consecutiveErrorLimit: 1
          successCondition: "result < 0.05"
          provider:
            prometheus:
              address: %s
              query: 'sum(rate(http_requests_total{code="500"}[5s])) / sum(rate(http_requests_total[5s]))'
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

  @AfterEach
  void stopPrometheus() {
    if (traffic != null) {
      traffic.close();
    }
  }

  @Test
  void autoPromotionSwitchesActiveOnceTheNewVersionIsAvailable(KubernetesClient client, TestNamespace ns) {
    BlueGreenApp app = start(client, ns, "");
    String blue = app.stableHash();
    app.applyRollout("2.0", "");
    Eventually.until("green stable and Healthy", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()) && !blue.equals(app.stableHash()));
    String green = app.stableHash();
    assertThat(app.serviceHash("web-active")).isEqualTo(green);
    assertThat(app.serviceHash("web-preview")).isEqualTo(green);
    assertThat(app.replicas(green)).isEqualTo(3);
    Eventually.until("blue scaled down after scaleDownDelaySeconds", Duration.ofMinutes(1), () -> app.replicas(blue) == 0);
    assertThat(app.events()).contains("ActiveSwitched", "RolloutCompleted");
  }

  @Test
  void manualPromotionWaitsPausedUntilPromotedThroughTheStatus(KubernetesClient client, TestNamespace ns) {
    String manual = """
              autoPromotionEnabled: false
              previewReplicaCount: 1
        """;
    BlueGreenApp app = start(client, ns, manual);
    String blue = app.stableHash();
    app.applyRollout("2.0", manual);
    Eventually.until("Paused with the preview up", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
    String green = (String) app.status().get("currentPodHash");
    assertThat(app.pauseReasons()).containsExactly("BlueGreenPause");
    assertThat(app.serviceHash("web-active")).isEqualTo(blue);
    assertThat(app.serviceHash("web-preview")).isEqualTo(green);
    assertThat(app.replicas(green)).isEqualTo(1);
    assertThat(app.replicas(blue)).isEqualTo(3);

    app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
    Eventually.until("green Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()) && green.equals(app.stableHash()));
    assertThat(app.serviceHash("web-active")).isEqualTo(green);
    assertThat(app.replicas(green)).isEqualTo(3);
  }

  @Test
  void aFailingPrePromotionAnalysisKeepsActiveOnBlue(KubernetesClient client, TestNamespace ns) throws Exception {
    startPrometheus(client, ns, 50);
    String analysis = """
              prePromotionAnalysis: {templates: [{templateName: error-rate}]}
        """;
    BlueGreenApp app = start(client, ns, analysis);
    String blue = app.stableHash();
    app.applyRollout("2.0", analysis);
    Set<String> activeSeen = new LinkedHashSet<>();
    Eventually.until("Degraded", Duration.ofMinutes(2), () -> {
      activeSeen.add(app.serviceHash("web-active"));
      return "Degraded".equals(app.phase());
    });
    String green = (String) app.status().get("currentPodHash");
    assertThat(activeSeen).containsExactly(blue);
    assertThat(app.serviceHash("web-active")).isEqualTo(blue);
    assertThat(app.status()).containsEntry("abort", true).containsEntry("abortReason", "Analysis").containsEntry("stableRS", blue);
    assertThat(app.blueGreenStatus()).containsEntry("prePromotionAnalysisRun", "web-" + green + "-prepromotion");
    assertThat(app.runPhases()).containsExactly(Map.entry("web-" + green + "-prepromotion", "Failed"));
    assertThat((String) app.status().get("message")).containsPattern("error-rate = \\[?0\\.[0-9]+");
    Eventually.until("green scaled down after abortScaleDownDelaySeconds", Duration.ofMinutes(1), () -> app.replicas(green) == 0);
    assertThat(app.replicas(blue)).isEqualTo(3);
  }

  @Test
  void aFailingPostPromotionAnalysisSwitchesActiveBackToBlue(KubernetesClient client, TestNamespace ns) throws Exception {
    startPrometheus(client, ns, 50);
    String analysis = """
              postPromotionAnalysis: {templates: [{templateName: error-rate}]}
        """;
    BlueGreenApp app = start(client, ns, analysis);
    String blue = app.stableHash();
    app.applyRollout("2.0", analysis);
    Eventually.until("Degraded", Duration.ofMinutes(2), () -> "Degraded".equals(app.phase()));
    String green = (String) app.status().get("currentPodHash");
    // Events are written after the status: the Degraded phase can be read before the ActiveSwitchedBack Event.
    Eventually.until("ActiveSwitchedBack recorded", Duration.ofSeconds(30), () -> app.events().contains("ActiveSwitchedBack"));
    assertThat(app.events()).containsSubsequence("ActiveSwitched", "ActiveSwitchedBack");
    assertThat(app.serviceHash("web-active")).isEqualTo(blue);
    assertThat(app.status()).containsEntry("abortReason", "Analysis").containsEntry("stableRS", blue);
    assertThat(app.blueGreenStatus()).containsEntry("postPromotionAnalysisRun", "web-" + green + "-postpromotion")
        .containsEntry("activeSelector", blue);
    assertThat(app.runPhases()).containsExactly(Map.entry("web-" + green + "-postpromotion", "Failed"));
    assertThat(app.replicas(blue)).isEqualTo(3);
    Eventually.until("green scaled down", Duration.ofMinutes(1), () -> app.replicas(green) == 0);
  }

  @Test
  void abortKeepsActiveOnBlueAndReapplyingBlueIsHealthyWithoutANewReplicaSet(KubernetesClient client, TestNamespace ns) {
    String manual = """
              autoPromotionEnabled: false
        """;
    BlueGreenApp app = start(client, ns, manual);
    String blue = app.stableHash();
    app.applyRollout("2.0", manual);
    Eventually.until("Paused", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
    String green = (String) app.status().get("currentPodHash");

    app.patchStatus("{\"status\":{\"abort\":true}}");
    Eventually.until("Degraded", Duration.ofMinutes(1), () -> "Degraded".equals(app.phase()));
    assertThat(app.status()).containsEntry("abortReason", "Manual");
    assertThat(app.serviceHash("web-active")).isEqualTo(blue);
    Eventually.until("green scaled down", Duration.ofMinutes(1), () -> app.replicas(green) == 0);

    app.applyRollout("1.0", manual);
    Eventually.until("Healthy on blue", Duration.ofMinutes(1), () -> "Healthy".equals(app.phase()));
    assertThat(app.serviceHash("web-active")).isEqualTo(blue);
    assertThat(app.serviceHash("web-preview")).isEqualTo(blue);
    assertThat(client.apps().replicaSets().inNamespace(ns.name()).list().getItems()).hasSize(2);
    assertThat(app.status()).doesNotContainKey("abort");
  }

  private void startPrometheus(KubernetesClient client, TestNamespace ns, long errorsPerScrape) throws Exception {
    traffic = AppTraffic.start(errorsPerScrape);
    client.resource(Serialization.unmarshal(TEMPLATE.formatted(traffic.prometheusUrl()), GenericKubernetesResource.class))
        .inNamespace(ns.name()).create();
  }

  /** Services in place, blue (1.0) Healthy. */
  private static BlueGreenApp start(KubernetesClient client, TestNamespace ns, String strategyExtra) {
    BlueGreenApp app = new BlueGreenApp(client, ns.name());
    app.createServices();
    app.applyRollout("1.0", strategyExtra);
    Eventually.until("blue Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    assertThat(app.serviceHash("web-active")).isEqualTo(app.stableHash());
    return app;
  }
}
