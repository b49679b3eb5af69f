package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A canary through an SMI TrafficSplit (trafficRouting.smi) that Sluice creates, driven by the packaged operator on
 * the local control plane, whose TrafficSplit CRD comes from smi-sdk-go (hack/local-cluster.sh). No mesh runs there:
 * the weights are read back from the TrafficSplit.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanarySmiTest {
  static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 4
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: "registry.example/web:%s"}]}
        strategy:
          canary:
            canaryService: web-canary
            stableService: web-stable
            abortScaleDownDelaySeconds: 2
            scaleDownDelaySeconds: 2
            trafficRouting:
              smi: {rootService: web, trafficSplitName: web-split}
            steps:
            - setWeight: 25
            - pause: {duration: 3s}
            - setWeight: 50
            - pause: {}
      """;

  static OperatorProcess operator;

  @BeforeAll
  static void startOperator() {
    operator = OperatorProcess.start(TestCluster.get());
  }

  @AfterAll
  static void stopOperator() {
    operator.close();
  }

  @Test
  void theTrafficSplitCarriesEachStepsWeightAndReturnsToStable(KubernetesClient client, TestNamespace ns) throws Exception {
    CanaryFixture app = start(client, ns);
    String v1 = (String) app.status().get("stableRS");
    GenericKubernetesResource split = split(client, ns);
    assertThat(split.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getUid()).isEqualTo(app.rollout().getMetadata().getUid());
      assertThat(owner.getController()).isTrue();
    });
    assertThat(spec(split).get("service")).isEqualTo("web");

    List<String> seen = recordWeights(client, ns, () -> {
      app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
      Eventually.until("the indefinite pause at step 4", Duration.ofMinutes(2),
          () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));
      app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
      Eventually.until("v2 Healthy", Duration.ofMinutes(2),
          () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    });

    assertThat(seen).containsExactly("0/100", "25/75", "50/50", "0/100");
  }

  @Test
  void anAbortPutsTheSplitBackOnStable(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = start(client, ns);
    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
    Eventually.until("step 2 at 25%", Duration.ofMinutes(2),
        () -> Integer.valueOf(1).equals(app.status().get("currentStepIndex")) && "25/75".equals(weights(client, ns)));

    app.patchStatus("{\"status\":{\"abort\":true}}");

    Eventually.until("Degraded", Duration.ofMinutes(1), () -> "Degraded".equals(app.phase()));
    assertThat(weights(client, ns)).isEqualTo("0/100");
    String v2 = (String) app.status().get("currentPodHash");
    Eventually.until("the canary scaled down", Duration.ofMinutes(1), () -> replicas(client, ns, "web-" + v2) == 0);

    // Owned by the Rollout: the garbage collector deletes it with the Rollout.
    client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout").inNamespace(ns.name()).withName("web").delete();
    Eventually.until("the TrafficSplit deleted with the Rollout", Duration.ofMinutes(1), () -> split(client, ns) == null);
  }

  private static CanaryFixture start(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createServices();
    app.apply("""
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: web}
          ports: [{port: 80, targetPort: 8080}]
        """);
    app.applyRolloutYaml(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return app;
  }

  private static GenericKubernetesResource split(KubernetesClient client, TestNamespace ns) {
    return client.genericKubernetesResources("split.smi-spec.io/v1alpha3", "TrafficSplit").inNamespace(ns.name())
        .withName("web-split").get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(GenericKubernetesResource split) {
    return (Map<String, Object>) split.getAdditionalProperties().get("spec");
  }

  /** The canary and stable weights of the TrafficSplit as "canary/stable"; "none" without one. */
  @SuppressWarnings("unchecked")
  private static String weights(KubernetesClient client, TestNamespace ns) {
    GenericKubernetesResource split = split(client, ns);
    if (split == null) {
      return "none";
    }
    String canary = "?";
    String stable = "?";
    for (Map<String, Object> backend : (List<Map<String, Object>>) spec(split).get("backends")) {
      String weight = String.valueOf(((Number) backend.get("weight")).intValue());
      if ("web-canary".equals(backend.get("service"))) {
        canary = weight;
      } else if ("web-stable".equals(backend.get("service"))) {
        stable = weight;
      }
    }
    return canary + "/" + stable;
  }

  private static int replicas(KubernetesClient client, TestNamespace ns, String name) {
    ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(ns.name()).withName(name).get();
    return replicaSet == null ? -1 : replicaSet.getSpec().getReplicas();
  }

  /** Samples the weights every 100 ms while the action runs; returns each distinct value in order. */
  private static List<String> recordWeights(KubernetesClient client, TestNamespace ns, Runnable action)
      throws InterruptedException {
    List<String> seen = new ArrayList<>();
    seen.add(weights(client, ns));
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> {
      String weights = weights(client, ns);
      synchronized (seen) {
        if (!weights.equals(seen.get(seen.size() - 1))) {
          seen.add(weights);
        }
      }
    }, 0, 100, TimeUnit.MILLISECONDS);
    try {
      action.run();
      Thread.sleep(300);
    } finally {
      sampler.shutdownNow();
      sampler.awaitTermination(5, TimeUnit.SECONDS);
    }
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }
}
