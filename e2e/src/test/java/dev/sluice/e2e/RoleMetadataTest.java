package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * canaryMetadata / stableMetadata and previewMetadata / activeMetadata on the local control plane: what a user sees
 * with {@code kubectl get pods -L role} while a release goes through, and that a promotion relabels the same pods in
 * place instead of replacing them.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class RoleMetadataTest {
  static final String CANARY = """
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
          canary:
            canaryMetadata:
              labels: {role: canary}
              annotations: {example.com/note: under test}
            stableMetadata:
              labels: {role: stable}
            steps:
            - setWeight: 34
            - pause: {}
      """;

  static final String BLUE_GREEN = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 2
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          blueGreen:
            activeService: web-active
            previewService: web-preview
            autoPromotionEnabled: false
            abortScaleDownDelaySeconds: 0
            activeMetadata:
              labels: {role: active}
            previewMetadata:
              labels: {role: preview}
      """;

  static OperatorProcess operator;

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

  @Test
  void canaryPodsAreLabelledCanaryThenRelabelledStableInPlace(KubernetesClient client, TestNamespace ns) {
    WebRollout app = new WebRollout(client, ns.name());
    app.apply(CANARY.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");
    Eventually.until("v1 pods labelled stable", Duration.ofSeconds(30), () -> roles(app, v1).equals(Set.of("stable")));

    app.apply(CANARY.formatted("2.0"));
    Eventually.until("paused at 34%", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
    String v2 = (String) app.status().get("currentPodHash");
    Eventually.until("the canary pod labelled canary", Duration.ofSeconds(30), () -> roles(app, v2).equals(Set.of("canary")));
    assertThat(app.pods(v2)).hasSize(1).allSatisfy(p ->
        assertThat(p.getMetadata().getAnnotations()).containsEntry("example.com/note", "under test"));
    assertThat(roles(app, v1)).containsExactly("stable");
    assertThat(templateLabels(app, v2)).containsEntry("role", "canary").containsEntry("app", "web");
    String canaryPod = app.pods(v2).get(0).getMetadata().getName();

    app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
    Eventually.until("v2 Healthy and stable", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()) && v2.equals(app.status().get("stableRS")));
    Eventually.until("every v2 pod labelled stable", Duration.ofSeconds(30),
        () -> app.pods(v2).size() == 3 && roles(app, v2).equals(Set.of("stable")));
    Pod relabelled = client.pods().inNamespace(ns.name()).withName(canaryPod).get();
    assertThat(relabelled).as("the canary's pod was relabelled in place, not replaced").isNotNull();
    assertThat(relabelled.getMetadata().getLabels()).containsEntry("role", "stable");
    assertThat(relabelled.getMetadata().getAnnotations()).doesNotContainKey("example.com/note");
    assertThat(templateLabels(app, v2)).containsEntry("role", "stable");
    assertThat(roles(app, v1)).as("any old stable pod still there has no role").isSubsetOf("");
    assertThat(templateLabels(app, v1)).as("the old stable's template lost its role").doesNotContainKey("role");
  }

  @Test
  void previewPodsBecomeActiveOnPromotionAndAZeroAbortDelayKeepsAnAbortedPreviewUp(KubernetesClient client, TestNamespace ns) {
    WebRollout app = new WebRollout(client, ns.name());
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
    app.apply(BLUE_GREEN.formatted("1.0"));
    Eventually.until("blue Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String blue = (String) app.status().get("stableRS");
    Eventually.until("blue pods labelled active", Duration.ofSeconds(30), () -> roles(app, blue).equals(Set.of("active")));

    app.apply(BLUE_GREEN.formatted("2.0"));
    Eventually.until("green previewed, paused", Duration.ofMinutes(2), () -> "Paused".equals(app.phase()));
    String green = (String) app.status().get("currentPodHash");
    Eventually.until("green pods labelled preview", Duration.ofSeconds(30),
        () -> app.pods(green).size() == 2 && roles(app, green).equals(Set.of("preview")));
    assertThat(roles(app, blue)).containsExactly("active");

    app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
    Eventually.until("green active and stable", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()) && green.equals(app.status().get("stableRS")));
    Eventually.until("green pods labelled active", Duration.ofSeconds(30), () -> roles(app, green).equals(Set.of("active")));

    // abortScaleDownDelaySeconds: 0 is Argo's "never scale the aborted preview down".
    app.apply(BLUE_GREEN.formatted("3.0"));
    Eventually.until("v3 previewed, paused", Duration.ofMinutes(2),
        () -> "Paused".equals(app.phase()) && !green.equals(app.status().get("currentPodHash")));
    String v3 = (String) app.status().get("currentPodHash");
    app.patchStatus("{\"status\":{\"abort\":true}}");
    Eventually.until("aborted", Duration.ofSeconds(30), () -> "Degraded".equals(app.phase()));
    sleep(Duration.ofSeconds(10));
    assertThat(app.replicaSet(v3).getSpec().getReplicas()).as("the aborted preview stays up").isEqualTo(2);
    assertThat(app.replicaSet(v3).getMetadata().getAnnotations()).doesNotContainKey("sluice.dev/scale-down-at");
    assertThat(roles(app, v3)).as("still the new revision, as in Argo Rollouts").containsExactly("preview");
    assertThat(client.services().inNamespace(ns.name()).withName("web-active").get().getSpec().getSelector())
        .containsEntry("sluice.dev/pod-template-hash", green);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The "role" label of the revision's pods, "" for a pod without one (kubectl get pods -L role). */
  private static Set<String> roles(WebRollout app, String hash) {
    return app.pods(hash).stream().map(p -> Objects.requireNonNullElse(p.getMetadata().getLabels().get("role"), ""))
        .collect(Collectors.toSet());
  }

  private static Map<String, String> templateLabels(WebRollout app, String hash) {
    return app.replicaSet(hash).getSpec().getTemplate().getMetadata().getLabels();
  }
}
