package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The walk every router's e2e makes, with the weights read back from the router's own objects as "canary/stable":
 * a release to 100% (25, 50, a pause until promoted, 100, then the new stable at 0/100) and an abort at 25%.
 */
final class RouterWalk {
  /** A Rollout through the given trafficRouting block (YAML at the indentation of trafficRouting's members). */
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
      %s
            steps:
            - setWeight: 25
            - pause: {duration: 3s}
            - setWeight: 50
            - pause: {}
            - setWeight: 100
            - pause: {duration: 2s}
      """;

  private final CanaryFixture app;
  private final KubernetesClient client;
  private final String routing;
  private final Supplier<String> weights;

  /**
   * @param routing the trafficRouting members, e.g. "        traefik: {weightedTraefikServiceName: web}"
   * @param weights reads the router's objects back as "canary/stable"
   */
  RouterWalk(CanaryFixture app, KubernetesClient client, String routing, Supplier<String> weights) {
    this.app = app;
    this.client = client;
    this.routing = routing;
    this.weights = weights;
  }

  String rollout(String version) {
    return ROLLOUT.formatted(version, routing);
  }

  /** v1 applied and Healthy. */
  RouterWalk start() {
    app.applyRolloutYaml(rollout("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return this;
  }

  /** Releases v2 to the end, promoting at the indefinite pause; returns each distinct weight seen, in order. */
  List<String> release() throws InterruptedException {
    String v1 = (String) app.status().get("stableRS");
    return record(() -> {
      app.applyRolloutYaml(rollout("2.0"));
      Eventually.until("the indefinite pause at step 4", Duration.ofMinutes(2),
          () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));
      assertThat(app.status()).extracting("canary").asString().contains("verified=true");
      app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
      Eventually.until("v2 Healthy", Duration.ofMinutes(2),
          () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    });
  }

  /** Releases v2, aborts at 25%; the weights go back to 0/100, stay there, and the canary scales down. */
  void abortAtQuarter() {
    app.applyRolloutYaml(rollout("2.0"));
    Eventually.until("step 2 at 25%", Duration.ofMinutes(2),
        () -> Integer.valueOf(1).equals(app.status().get("currentStepIndex")) && "25/75".equals(weights.get()));

    app.patchStatus("{\"status\":{\"abort\":true}}");

    Eventually.until("Degraded", Duration.ofMinutes(1), () -> "Degraded".equals(app.phase()));
    Eventually.until("the weights back on stable", Duration.ofSeconds(30), () -> "0/100".equals(weights.get()));
    String v2 = (String) app.status().get("currentPodHash");
    Eventually.until("the canary scaled down", Duration.ofMinutes(1), () -> replicas("web-" + v2) == 0);
    assertThat(weights.get()).as("the aborted release does not send traffic to the canary again").isEqualTo("0/100");
  }

  private int replicas(String name) {
    ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(app.namespace()).withName(name).get();
    return replicaSet == null ? -1 : replicaSet.getSpec().getReplicas();
  }

  /** Samples the weights every 100 ms while the action runs; returns each distinct value in order. */
  private List<String> record(Runnable action) throws InterruptedException {
    List<String> seen = new ArrayList<>();
    seen.add(weights.get());
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> {
      String now = weights.get();
      synchronized (seen) {
        if (!now.equals(seen.get(seen.size() - 1))) {
          seen.add(now);
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
