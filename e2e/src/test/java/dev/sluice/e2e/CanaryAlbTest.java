package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * A canary through the AWS Load Balancer Controller's action annotation (trafficRouting.alb), driven by the packaged
 * operator on the local control plane. No AWS load balancer exists there: the weights are read back from the Ingress's
 * {@code alb.ingress.kubernetes.io/actions.web-root} annotation, as the controller would read it.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CanaryAlbTest {
  static final String INGRESS = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: web
        annotations: {alb.ingress.kubernetes.io/scheme: internet-facing}
      spec:
        ingressClassName: alb
        rules:
        - http:
            paths:
            - {path: /, pathType: Prefix, backend: {service: {name: web-root, port: {name: use-annotation}}}}
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
              alb:
                ingress: web
                rootService: web-root
                servicePort: 80
            steps:
            - setWeight: 25
            - pause: {duration: 3s}
            - setWeight: 50
            - pause: {}
      """;
  static final String ACTION = "alb.ingress.kubernetes.io/actions.web-root";
  static final ObjectMapper JSON = new ObjectMapper();

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
  void theActionCarriesEachStepsWeightAndReturnsToStable(KubernetesClient client, TestNamespace ns) throws Exception {
    CanaryFixture app = start(client, ns);
    String v1 = (String) app.status().get("stableRS");

    List<String> seen = recordWeights(client, ns, () -> {
      app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
      Eventually.until("the indefinite pause at step 4", Duration.ofMinutes(2),
          () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));
      assertThat(app.status()).extracting("canary").asString().contains("verified=true");
      app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
      Eventually.until("v2 Healthy", Duration.ofMinutes(2),
          () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    });

    assertThat(seen).containsExactly("0/100", "25/75", "50/50", "0/100");
    Ingress ingress = ingress(client, ns);
    assertThat(ingress.getMetadata().getAnnotations()).as("other annotations are left alone")
        .containsEntry("alb.ingress.kubernetes.io/scheme", "internet-facing");
    assertThat(ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService().getName())
        .as("the Ingress's rules are untouched").isEqualTo("web-root");
  }

  /**
   * Argo's alb-header-route with alb alone: the header route is an action and conditions annotation and a rule path
   * ahead of the default one while the release pauses, and all three are gone once it is promoted.
   */
  @Test
  void aHeaderRouteIsWrittenAsConditionsAndARulePathAndRemovedAtPromotion(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createServices();
    app.apply(INGRESS);
    String rollout = ROLLOUT.replace("          servicePort: 80\n", "          servicePort: 80\n        managedRoutes: [{name: beta}]\n")
        .replace("      - setWeight: 50\n", "      - setHeaderRoute: {name: beta, match: [{headerName: X-Beta, headerValue: {exact: \"1\"}}]}\n");
    assertThat(rollout).contains("managedRoutes").contains("setHeaderRoute");
    app.applyRolloutYaml(rollout.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    String v1 = (String) app.status().get("stableRS");

    app.applyRolloutYaml(rollout.formatted("2.0"));
    Eventually.until("the pause after the header route", Duration.ofMinutes(2),
        () -> "Paused".equals(app.phase()) && Integer.valueOf(3).equals(app.status().get("currentStepIndex")));
    Ingress paused = ingress(client, ns);
    assertThat(paused.getMetadata().getAnnotations())
        .containsEntry("alb.ingress.kubernetes.io/conditions.beta",
            "[{\"field\":\"http-header\",\"httpHeaderConfig\":{\"httpHeaderName\":\"X-Beta\",\"values\":[\"1\"]}}]")
        .containsKey("alb.ingress.kubernetes.io/actions.beta");
    assertThat(paused.getMetadata().getAnnotations().get("alb.ingress.kubernetes.io/actions.beta")).contains("\"web-canary\"")
        .contains("\"weight\":100").doesNotContain("web-stable");
    assertThat(paused.getSpec().getRules().get(0).getHttp().getPaths())
        .extracting(p -> p.getBackend().getService().getName() + ":" + p.getBackend().getService().getPort().getName())
        .containsExactly("beta:use-annotation", "web-root:use-annotation");
    assertThat(weights(client, ns)).isEqualTo("25/75");

    app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
    Eventually.until("v2 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    Ingress done = ingress(client, ns);
    assertThat(done.getMetadata().getAnnotations()).doesNotContainKeys("alb.ingress.kubernetes.io/conditions.beta",
        "alb.ingress.kubernetes.io/actions.beta").containsEntry("alb.ingress.kubernetes.io/scheme", "internet-facing");
    assertThat(done.getSpec().getRules().get(0).getHttp().getPaths()).extracting(p -> p.getBackend().getService().getName())
        .containsExactly("web-root");
    assertThat(weights(client, ns)).isEqualTo("0/100");
  }

  @Test
  void anAbortPutsTheActionBackOnStable(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = start(client, ns);
    app.applyRolloutYaml(ROLLOUT.formatted("2.0"));
    Eventually.until("step 2 at 25%", Duration.ofMinutes(2),
        () -> Integer.valueOf(1).equals(app.status().get("currentStepIndex")) && "25/75".equals(weights(client, ns)));

    app.patchStatus("{\"status\":{\"abort\":true}}");

    Eventually.until("Degraded", Duration.ofMinutes(1), () -> "Degraded".equals(app.phase()));
    Eventually.until("the action back on stable", Duration.ofSeconds(30), () -> "0/100".equals(weights(client, ns)));
    String v2 = (String) app.status().get("currentPodHash");
    Eventually.until("the canary scaled down", Duration.ofMinutes(1), () -> replicas(client, ns, "web-" + v2) == 0);
    assertThat(weights(client, ns)).as("the aborted release does not send traffic to the canary again").isEqualTo("0/100");
  }

  @Test
  void anIngressWithoutAUseAnnotationBackendStopsTheReleaseClearly(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createServices();
    app.apply(INGRESS.replace("{name: use-annotation}", "{number: 80}"));
    app.applyRolloutYaml(ROLLOUT.formatted("1.0"));

    Eventually.until("a condition naming the Ingress and the missing backend", Duration.ofMinutes(1), () -> {
      String message = (String) app.status().get("message");
      return message != null && message.contains("TrafficRoutingError") && message.contains("Ingress " + ns.name() + "/web")
          && message.contains("use-annotation");
    });
    assertThat(ingress(client, ns).getMetadata().getAnnotations()).as("nothing written").doesNotContainKey(ACTION);
    assertThat(operator.log()).doesNotContain("Exception in thread");
  }

  private static CanaryFixture start(KubernetesClient client, TestNamespace ns) {
    CanaryFixture app = new CanaryFixture(client, ns.name());
    app.createServices();
    app.apply(INGRESS);
    app.applyRolloutYaml(ROLLOUT.formatted("1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return app;
  }

  private static Ingress ingress(KubernetesClient client, TestNamespace ns) {
    return client.network().v1().ingresses().inNamespace(ns.name()).withName("web").get();
  }

  /** The action's canary and stable weights as "canary/stable"; "none" without the annotation. */
  private static String weights(KubernetesClient client, TestNamespace ns) {
    Map<String, String> annotations = ingress(client, ns).getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(ACTION);
    if (value == null) {
      return "none";
    }
    try {
      JsonNode action = JSON.readTree(value);
      String canary = "?";
      String stable = "?";
      for (JsonNode group : action.path("forwardConfig").path("targetGroups")) {
        if ("web-canary".equals(group.path("serviceName").asText())) {
          canary = group.path("weight").asText();
        } else if ("web-stable".equals(group.path("serviceName").asText())) {
          stable = group.path("weight").asText();
        }
      }
      return canary + "/" + stable;
    } catch (Exception e) {
      return "unreadable: " + value;
    }
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
