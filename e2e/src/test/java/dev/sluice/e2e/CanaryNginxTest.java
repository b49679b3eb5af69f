package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A canary through ingress-nginx's canary Ingress (trafficRouting.nginx), driven by the packaged operator on the local
 * control plane. No ingress controller runs there: the weights are read back from the canary Ingress Sluice creates.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryNginxTest {
  static final String STABLE_INGRESS = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
        annotations: {nginx.ingress.kubernetes.io/ssl-redirect: "false"}
      spec:
        ingressClassName: nginx
        rules:
        - host: web.example
          http:
            paths:
            - {path: /, pathType: Prefix, backend: {service: {name: web-stable, port: {number: 80}}}}
      """;
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
              nginx:
                stableIngress: web
                additionalIngressAnnotations: {canary-by-header: X-Canary}
            steps:
            - setWeight: 25
            - pause: {duration: 3s}
            - setWeight: 50
            - pause: {}
      """;
  static final String CANARY = "web-web-canary";

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
  void aCanaryIngressCarriesEachStepsWeightAndGoesAtPromotion(KubernetesClient client, TestNamespace ns) throws Exception {
    CanaryFixture app = start(client, ns);
    String v1 = (String) app.status().get("stableRS");
    assertThat(canary(client, ns)).as("no canary Ingress at rest").isNull();

    List<String> seen = recordCanaryWeights(client, ns, () -> {
      app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
      Eventually.until("the indefinite pause at step 4", Duration.ofMinutes(2),
          () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));
      Ingress canary = canary(client, ns);
      assertThat(canary.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
        assertThat(owner.getKind()).isEqualTo("Rollout");
        assertThat(owner.getUid()).isEqualTo(app.rollout().getMetadata().getUid());
        assertThat(owner.getController()).isTrue();
      });
      assertThat(canary.getMetadata().getAnnotations())
          .containsEntry("nginx.ingress.kubernetes.io/canary", "true")
          .containsEntry("nginx.ingress.kubernetes.io/canary-weight", "50")
          .containsEntry("nginx.ingress.kubernetes.io/canary-by-header", "X-Canary")
          .doesNotContainKey("nginx.ingress.kubernetes.io/ssl-redirect");
      assertThat(canary.getSpec().getIngressClassName()).isEqualTo("nginx");
      assertThat(canary.getSpec().getRules()).singleElement().satisfies(rule -> {
        assertThat(rule.getHost()).isEqualTo("web.example");
        assertThat(rule.getHttp().getPaths()).singleElement()
            .satisfies(p -> assertThat(p.getBackend().getService().getName()).isEqualTo("web-canary"));
      });
      assertThat(app.status()).extracting("canary").asString().contains("verified=true");
      app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
      Eventually.until("v2 Healthy", Duration.ofMinutes(2),
          () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    });

    // The release's first plan may create the canary Ingress at weight 0 (all to stable, header routes already on)
    // before its first step's weight, when the canary pods are not ready yet: a sampler may or may not see it.
    assertThat(seen).isIn(List.of("none", "25", "50", "none"), List.of("none", "0", "25", "50", "none"));
    assertThat(client.network().v1().ingresses().inNamespace(ns.name()).withName("web").get().getSpec().getRules()
        .get(0).getHttp().getPaths().get(0).getBackend().getService().getName()).as("the stable Ingress is untouched")
        .isEqualTo("web-stable");
  }

  @Test
  void anAbortDeletesTheCanaryIngressAndScalesTheCanaryDown(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = start(client, ns);
    String v1 = (String) app.status().get("stableRS");
    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
    Eventually.until("step 2 at 25%", Duration.ofMinutes(2),
        () -> Integer.valueOf(1).equals(app.status().get("currentStepIndex")) && "25".equals(weight(client, ns)));

    app.patchStatus("{\"status\":{\"abort\":true}}");

    Eventually.until("Degraded without a canary Ingress", Duration.ofMinutes(1),
        () -> "Degraded".equals(app.phase()) && canary(client, ns) == null);
    assertThat(app.serviceHash("web-stable")).isEqualTo(v1);
    String v2 = (String) app.status().get("currentPodHash");
    Eventually.until("the canary scaled down", Duration.ofMinutes(1), () -> replicas(client, ns, "web-" + v2) == 0);
    assertThat(canary(client, ns)).as("the aborted release does not bring the canary Ingress back").isNull();
  }

  @Test
  void anIngressOfTheCanarysNameThatTheRolloutDoesNotControlStopsTheReleaseClearly(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = start(client, ns);
    app.apply("""
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        metadata: {name: web-web-canary, annotations: {team: other}}
        spec:
          rules:
          - host: other.example
            http:
              paths:
              - {path: /, pathType: Prefix, backend: {service: {name: other, port: {number: 80}}}}
        """);
    String before = canary(client, ns).getMetadata().getResourceVersion();

    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));

    Eventually.until("a condition naming the canary Ingress", Duration.ofMinutes(1), () -> {
      String message = (String) app.status().get("message");
      return message != null && message.contains("TrafficRoutingError") && message.contains("web-web-canary")
          && message.contains("not controlled by Rollout web");
    });
    assertThat(canary(client, ns).getMetadata().getResourceVersion()).as("left alone").isEqualTo(before);
    assertThat(operator.log()).doesNotContain("Exception in thread");

    client.network().v1().ingresses().inNamespace(ns.name()).withName(CANARY).delete();
    Eventually.until("the release going on once the name is free", Duration.ofMinutes(1),
        () -> "25".equals(weight(client, ns)));
  }

  private static CanaryFixture start(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createServices();
    app.apply(STABLE_INGRESS);
    app.applyRolloutYaml(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return app;
  }

  private static Ingress canary(KubernetesClient client, TestNamespace ns) {
    return client.network().v1().ingresses().inNamespace(ns.name()).withName(CANARY).get();
  }

  /** The canary Ingress's canary-weight, or "none" when there is no canary Ingress. */
  private static String weight(KubernetesClient client, TestNamespace ns) {
    Ingress canary = canary(client, ns);
    return canary == null ? "none" : canary.getMetadata().getAnnotations().get("nginx.ingress.kubernetes.io/canary-weight");
  }

  private static int replicas(KubernetesClient client, TestNamespace ns, String name) {
    ReplicaSet replicaSet = client.apps().replicaSets().inNamespace(ns.name()).withName(name).get();
    return replicaSet == null ? -1 : replicaSet.getSpec().getReplicas();
  }

  /** Samples the canary weight every 100 ms while the action runs; returns each distinct value in order. */
  private static List<String> recordCanaryWeights(KubernetesClient client, TestNamespace ns, Runnable action)
      throws InterruptedException {
    List<String> seen = new ArrayList<>();
    seen.add(weight(client, ns));
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(() -> {
      String weight = weight(client, ns);
      synchronized (seen) {
        if (!weight.equals(seen.get(seen.size() - 1))) {
          seen.add(weight);
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
