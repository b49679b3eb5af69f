package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * workloadRef on the local control plane, as Argo's migration guide walks it: a running Deployment, a Rollout that
 * references it, the Deployment scaled down progressively as the Rollout's pods become ready, and a later release
 * made by changing the Deployment's template.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class WorkloadRefTest {
  static final String DEPLOYMENT = """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: web}
      spec:
        replicas: %d
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
      """;

  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 3
        workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web, scaleDown: progressively}
        strategy:
          canary:
            steps:
            - setWeight: 34
            - pause: {}
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
  void aRolloutTakesOverADeploymentAndReleasesItsTemplateChanges(KubernetesClient client, TestNamespace ns) {
    WebRollout app = new WebRollout(client, ns.name());
    app.apply(DEPLOYMENT.formatted(3, "1.0"));
    Eventually.until("the Deployment's 3 pods available", Duration.ofMinutes(2), () -> available(deployment(client, ns)) == 3);

    app.apply(ROLLOUT);
    Eventually.until("the Rollout Healthy on the Deployment's template", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");
    assertThat(image(app, v1)).isEqualTo("registry.example/web:1.0");
    assertThat(app.status().get("selector")).as("the Deployment's selector, for the scale subresource").isEqualTo("app=web");
    Eventually.until("the Deployment scaled to 0", Duration.ofSeconds(30),
        () -> deployment(client, ns).getSpec().getReplicas() == 0);
    assertThat(app.pods(v1)).hasSize(3);

    // A release is a change of the Deployment's template; the Deployment itself stays at 0.
    client.apps().deployments().inNamespace(ns.name()).withName("web")
        .edit(d -> {
          d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("registry.example/web:2.0");
          return d;
        });
    Eventually.until("paused at 34% on the new template", Duration.ofMinutes(2),
        () -> "Paused".equals(app.phase()) && !v1.equals(app.status().get("currentPodHash")));
    String v2 = (String) app.status().get("currentPodHash");
    assertThat(image(app, v2)).isEqualTo("registry.example/web:2.0");
    assertThat(app.replicas(v2)).isEqualTo(1);
    app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
    Eventually.until("v2 stable", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()) && v2.equals(app.status().get("stableRS")));
    assertThat(deployment(client, ns).getSpec().getReplicas()).as("a later revision does not touch it").isZero();
  }

  @Test
  void templateAndWorkloadRefTogetherAreRefusedAndAMissingDeploymentIsInvalidSpec(KubernetesClient client,
      TestNamespace ns) {
    WebRollout app = new WebRollout(client, ns.name());
    String both = ROLLOUT.replace("  replicas: 3\n", """
          replicas: 3
          selector: {matchLabels: {app: web}}
          template:
            metadata: {labels: {app: web}}
            spec: {containers: [{name: web, image: "registry.example/web:1.0"}]}
        """);
    assertThatThrownBy(() -> app.apply(both)).isInstanceOf(KubernetesClientException.class)
        .hasMessageContaining("exactly one of template and workloadRef must be set");
    assertThatThrownBy(() -> app.apply(ROLLOUT.replace("kind: Deployment", "kind: ReplicaSet")))
        .isInstanceOf(KubernetesClientException.class).hasMessageContaining("workloadRef supports only");

    app.apply(ROLLOUT);
    Eventually.until("InvalidSpec naming the missing Deployment", Duration.ofSeconds(30),
        () -> String.valueOf(app.status().get("message")).contains("spec.workloadRef: Deployment \"web\" not found"));
    assertThat(app.phase()).isEqualTo("Degraded");
    // Creating the Deployment is enough: its informer event reconciles the Rollout.
    app.apply(DEPLOYMENT.formatted(0, "1.0"));
    Eventually.until("Healthy once the Deployment exists", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
  }

  private static Deployment deployment(KubernetesClient client, TestNamespace ns) {
    return client.apps().deployments().inNamespace(ns.name()).withName("web").get();
  }

  private static int available(Deployment deployment) {
    return deployment.getStatus() == null || deployment.getStatus().getAvailableReplicas() == null ? 0
        : deployment.getStatus().getAvailableReplicas();
  }

  private static String image(WebRollout app, String hash) {
    return app.replicaSet(hash).getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
  }

}
