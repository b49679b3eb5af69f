package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.testing.MetricsEndpoint;
import dev.sluice.analysis.testing.PrometheusServer;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The blue-green strategy on the local control plane with the packaged operator: what a user checks is which
 * ReplicaSet the active and preview Services select, the ReplicaSets' replicas, the Rollout's phase and abort
 * fields, and the AnalysisRuns' phases. Analyses query a real Prometheus scraping an endpoint the test controls.
 */
@ExtendWith(KubernetesExtension.class)
class BlueGreenTest {
  static OperatorProcess operator;
  MetricsEndpoint endpoint;
  PrometheusServer prometheus;
  final AtomicLong ok = new AtomicLong();
  final AtomicLong errors = new AtomicLong();

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
    if (prometheus != null) {
      prometheus.close();
      endpoint.close();
    }
  }

  @Test
  void autoPromotionSwitchesActiveOnceTheNewVersionIsAvailable(KubernetesClient client, TestNamespace ns) {
    App app = start(client, ns, "");
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
    App app = start(client, ns, manual);
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
    App app = start(client, ns, analysis);
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
    App app = start(client, ns, analysis);
    String blue = app.stableHash();
    app.applyRollout("2.0", analysis);
    Eventually.until("Degraded", Duration.ofMinutes(2), () -> "Degraded".equals(app.phase()));
    String green = (String) app.status().get("currentPodHash");
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
    App app = start(client, ns, manual);
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
    PrometheusServer.requireBinary();
    endpoint = MetricsEndpoint.start()
        .counter("http_requests_total", Map.of("code", "200"), () -> ok.addAndGet(100))
        .counter("http_requests_total", Map.of("code", "500"), () -> errors.addAndGet(errorsPerScrape));
    prometheus = PrometheusServer.start(List.of(endpoint.target()));
    prometheus.awaitTargetsUp(1, Duration.ofSeconds(30));
    client.resource(Serialization.unmarshal(TEMPLATE.formatted(prometheus.url()), GenericKubernetesResource.class))
        .inNamespace(ns.name()).create();
  }

  /** Services in place, blue (1.0) Healthy. */
  private static App start(KubernetesClient client, TestNamespace ns, String strategyExtra) {
    App app = new App(client, ns.name());
    for (String name : List.of("web-active", "web-preview")) {
      app.apply("""
          apiVersion: v1
          kind: Service
          metadata: {name: %s}
          spec:
            selector: {app: web}
            ports: [{port: 80, targetPort: 8080}]
          """.formatted(name));
    }
    app.applyRollout("1.0", strategyExtra);
    Eventually.until("blue Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    assertThat(app.serviceHash("web-active")).isEqualTo(app.stableHash());
    return app;
  }

  /** The app as a user sees it through kubectl. */
  record App(KubernetesClient client, String namespace) {
    void applyRollout(String version, String strategyExtra) {
      apply(ROLLOUT.formatted(version, strategyExtra));
    }

    void apply(String yaml) {
      client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).inNamespace(namespace)
          .fieldManager("gitops-agent").forceConflicts().serverSideApply();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> status() {
      GenericKubernetesResource rollout = client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout")
          .inNamespace(namespace).withName("web").get();
      Object status = rollout.getAdditionalProperties().get("status");
      return status == null ? Map.of() : (Map<String, Object>) status;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> blueGreenStatus() {
      Object blueGreen = status().get("blueGreen");
      return blueGreen == null ? Map.of() : (Map<String, Object>) blueGreen;
    }

    String phase() {
      return (String) status().get("phase");
    }

    String stableHash() {
      return (String) status().get("stableRS");
    }

    @SuppressWarnings("unchecked")
    List<String> pauseReasons() {
      Object pauses = status().get("pauseConditions");
      return pauses == null ? List.of() : ((List<Map<String, Object>>) pauses).stream().map(p -> (String) p.get("reason")).toList();
    }

    String serviceHash(String service) {
      return client.services().inNamespace(namespace).withName(service).get().getSpec().getSelector()
          .get("sluice.dev/pod-template-hash");
    }

    int replicas(String hash) {
      ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(namespace).withName("web-" + hash).get();
      return replicaSet == null ? 0 : replicaSet.getSpec().getReplicas();
    }

    @SuppressWarnings("unchecked")
    Map<String, String> runPhases() {
      Map<String, String> phases = new java.util.TreeMap<>();
      client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun").inNamespace(namespace).list().getItems()
          .forEach(r -> {
            Map<String, Object> status = (Map<String, Object>) r.getAdditionalProperties().get("status");
            phases.put(r.getMetadata().getName(), status == null ? "Pending" : String.valueOf(status.get("phase")));
          });
      return phases;
    }

    /** Event reasons about the Rollout, oldest first, as kubectl describe lists them. */
    List<String> events() {
      return client.v1().events().inNamespace(namespace).list().getItems().stream()
          .filter(e -> "web".equals(e.getInvolvedObject().getName()) && "Rollout".equals(e.getInvolvedObject().getKind()))
          .sorted(java.util.Comparator.comparing(Event::getFirstTimestamp))
          .map(Event::getReason).toList();
    }

    void patchStatus(String json) {
      client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout").inNamespace(namespace).withName("web")
          .subresource("status").patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), json);
    }
  }
}
