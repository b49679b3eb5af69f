package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A canary without a traffic router on the local control plane: the pods are the traffic. What a user checks is
 * how many pods of each version run, the weight the status shows, and what an abort does to the canary's pods.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class BasicCanaryTest {
  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 5
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          canary:
            abortScaleDownDelaySeconds: 600
            steps:
            - setWeight: 20
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
  void theWeightIsThePodsShareAndAnAbortTakesTheCanaryPodsAwayAtOnce(KubernetesClient client, TestNamespace ns) {
    App app = new App(client, ns.name());
    app.apply("1.0");
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");

    app.apply("2.0");
    List<String> seenInPause = new ArrayList<>();
    Eventually.until("paused after setWeight 20", Duration.ofMinutes(2), () -> {
      if ("Paused".equals(app.phase())) {
        seenInPause.add(app.weight() + "@" + app.runningPods(v1) + "/" + app.runningPods(app.canaryHash()));
      }
      return seenInPause.size() >= 10;
    });
    String v2 = app.canaryHash();
    assertThat(app.replicas(v2)).isEqualTo(1);
    assertThat(app.replicas(v1)).isEqualTo(4);
    assertThat(seenInPause).as("weight@stable pods/canary pods, sampled in the pause").containsOnly("20@4/1");
    assertThat(app.stableWeight()).isEqualTo(80);

    Instant aborted = Instant.now();
    app.patchStatus("{\"status\":{\"abort\":true}}");
    Eventually.until("no canary pod left and weight 0", Duration.ofSeconds(60),
        () -> app.runningPods(v2) == 0 && app.replicas(v2) == 0 && Integer.valueOf(0).equals(app.weight()));
    assertThat(Duration.between(aborted, Instant.now())).as("not after abortScaleDownDelaySeconds (600 s)")
        .isLessThan(Duration.ofSeconds(60));
    Eventually.until("5 stable pods", Duration.ofSeconds(60), () -> app.runningPods(v1) == 5);
    assertThat(app.phase()).isEqualTo("Degraded");
    assertThat((String) app.status().get("message")).contains("back on stable " + v1);
    assertThat(app.stableWeight()).isEqualTo(100);
  }

  /** The Rollout "web" as kubectl shows it: its status, its ReplicaSets and its pods. */
  record App(KubernetesClient client, String namespace) {
    void apply(String version) {
      client.resource(Serialization.unmarshal(ROLLOUT.formatted(version), GenericKubernetesResource.class))
          .inNamespace(namespace).fieldManager("gitops-agent").forceConflicts().serverSideApply();
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> status() {
      GenericKubernetesResource rollout = client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout")
          .inNamespace(namespace).withName("web").get();
      Object status = rollout.getAdditionalProperties().get("status");
      return status == null ? Map.of() : (Map<String, Object>) status;
    }

    String phase() {
      return (String) status().get("phase");
    }

    String canaryHash() {
      return (String) status().get("currentPodHash");
    }

    Integer weight() {
      return weightOf("canary");
    }

    Integer stableWeight() {
      return weightOf("stable");
    }

    @SuppressWarnings("unchecked")
    private Integer weightOf(String role) {
      Map<String, Object> canary = (Map<String, Object>) status().get("canary");
      if (canary == null || canary.get("weights") == null) {
        return null;
      }
      Map<String, Object> destination = (Map<String, Object>) ((Map<String, Object>) canary.get("weights")).get(role);
      return destination == null ? null : ((Number) destination.get("weight")).intValue();
    }

    int replicas(String hash) {
      ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(namespace).withName("web-" + hash).get();
      return replicaSet == null ? 0 : replicaSet.getSpec().getReplicas();
    }

    /** Pods of the revision that exist and are not terminating. */
    long runningPods(String hash) {
      return client.pods().inNamespace(namespace).withLabel("sluice.dev/pod-template-hash", hash).list().getItems()
          .stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).count();
    }

    List<Pod> pods(String hash) {
      return client.pods().inNamespace(namespace).withLabel("sluice.dev/pod-template-hash", hash).list().getItems()
          .stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null).toList();
    }

    void patchStatus(String json) {
      client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout").inNamespace(namespace).withName("web")
          .subresource("status").patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE).build(), json);
    }
  }
}
