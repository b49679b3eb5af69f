package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A write the API server refuses on a Rollout's behalf is reported: Stalled with the server's message, bounded, in a
 * condition and in a Warning Event, and `kubectl sluice status` exits 1 instead of waiting forever. A ReplicaSet it
 * finds invalid (container names the Rollout CRD does not check, ReplicaSet validation does) goes on once the spec
 * is fixed; an AnalysisRun a quota forbids is created by a later try once the quota allows it.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class ApiServerRefusalTest {
  /** Twenty invalid container names: the server's message lists each, well past what a status may take. */
  static final String REFUSED_CONTAINERS = IntStream.range(0, 20)
      .mapToObj(i -> "{name: Web_" + i + ", image: \"registry.example/web:1.0\"}").collect(Collectors.joining(", ", "[", "]"));

  static final String WITH_ANALYSIS = """
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
            trafficRouting: {gatewayAPI: {httpRoute: web}}
            steps:
            - setWeight: 25
            - analysis: {templates: [{templateName: error-rate}]}
      """;

  /** Never measured: the run it would become is forbidden. */
  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: error-rate}
      spec:
        metrics:
        - name: error-rate
          interval: 10s
          successCondition: "result < 0.05"
          provider:
            prometheus: {address: "http://127.0.0.1:9", query: "vector(0)"}
      """;

  @Test
  void aReplicaSetTheApiServerRefusesStallsTheRolloutWithTheServersMessage(KubernetesClient client, TestNamespace ns) {
    try (OperatorProcess operator = OperatorProcess.start(TestCluster.get())) {
      CanaryFixture app = new CanaryFixture(client, ns.name());
      KubectlSluice sluice = new KubectlSluice(TestCluster.get(), ns.name());
      app.createAppAndRoute();
      app.applyRolloutYaml(CanaryFixture.ROLLOUT.formatted("1.0")
          .replace("[{name: web, image: \"registry.example/web:1.0\"}]", REFUSED_CONTAINERS));

      Eventually.until("a Stalled condition with the server's message", Duration.ofMinutes(1),
          () -> "ApiServerRejected".equals(condition(app, "Stalled").get("reason")));
      Map<String, Object> stalled = condition(app, "Stalled");
      assertThat(stalled).containsEntry("status", "True");
      String message = (String) stalled.get("message");
      assertThat(message).contains("ReplicaSet").contains("spec.template.spec.containers[0].name")
          .contains("Invalid value: \"Web_0\"");
      assertThat(message).as("bounded: the server listed twenty invalid names").hasSizeLessThanOrEqualTo(1024)
          .endsWith("more characters)");
      assertThat(app.phase()).isEqualTo("Degraded");
      assertThat(condition(app, "Ready")).containsEntry("status", "False").containsEntry("reason", "ApiServerRejected");

      Eventually.until("a Warning Event with the server's message", Duration.ofSeconds(30), () -> refusalEvents(client, ns).stream()
          .anyMatch(e -> "Warning".equals(e.getType()) && e.getMessage().contains("containers[0].name")));
      KubectlSluice.Result status = sluice.run("status", "web", "--timeout", "1m");
      assertThat(status.exitCode()).as("Degraded: exit 1; " + status.out() + status.err()).isEqualTo(1);
      assertThat(status.out()).contains("ApiServerRejected").contains("containers[0].name");
      assertThat(app.routeWeights()).as("no traffic moved").isEqualTo("0/100");

      // Tried again every 15 s: the same refusal is reported once, not once a try.
      sleep(Duration.ofSeconds(20));
      assertThat(refusalEvents(client, ns)).as("one Warning Event for the same refusal").hasSize(1);

      app.applyRollout("1.0");
      assertThat(sluice.run("status", "web", "--timeout", "2m").exitCode()).as("Healthy once the spec is fixed").isZero();
    }
  }

  /** A ResourceQuota that allows no AnalysisRun: the API server forbids the run the analysis step creates (403). */
  @Test
  void anAnalysisRunTheApiServerForbidsStallsTheRolloutAndIsTriedAgainLater(KubernetesClient client, TestNamespace ns) {
    try (OperatorProcess operator = OperatorProcess.start(TestCluster.get())) {
      CanaryFixture app = new CanaryFixture(client, ns.name());
      KubectlSluice sluice = new KubectlSluice(TestCluster.get(), ns.name());
      app.createAppAndRoute();
      client.resource(Serialization.unmarshal(TEMPLATE, GenericKubernetesResource.class)).inNamespace(ns.name()).create();
      client.resource(new ResourceQuotaBuilder().withNewMetadata().withName("no-runs").endMetadata()
          .withNewSpec().addToHard("count/analysisruns.sluice.dev", new Quantity("0")).endSpec().build())
          .inNamespace(ns.name()).create();
      app.applyRolloutYaml(WITH_ANALYSIS.formatted("1.0"));
      assertThat(sluice.run("status", "web", "--timeout", "2m").exitCode()).as("v1 Healthy").isZero();

      app.applyRolloutYaml(WITH_ANALYSIS.formatted("2.0"));
      Eventually.until("a Stalled condition naming the quota", Duration.ofMinutes(1),
          () -> "ApiServerRejected".equals(condition(app, "Stalled").get("reason")));
      assertThat((String) condition(app, "Stalled").get("message")).contains("AnalysisRun").contains("HTTP 403")
          .contains("exceeded quota");
      Eventually.until("a Warning Event naming the quota", Duration.ofSeconds(30), () -> refusalEvents(client, ns).stream()
          .anyMatch(e -> "Warning".equals(e.getType()) && e.getMessage().contains("exceeded quota")));
      KubectlSluice.Result status = sluice.run("status", "web", "--timeout", "1m");
      assertThat(status.exitCode()).as("Degraded: exit 1; " + status.out() + status.err()).isEqualTo(1);
      assertThat(status.out()).contains("exceeded quota");

      // Nothing about the Rollout changes: only the retry every 15 s can see that the quota is gone.
      client.resourceQuotas().inNamespace(ns.name()).withName("no-runs").delete();
      Eventually.until("the AnalysisRun created once the quota is gone", Duration.ofMinutes(1),
          () -> !client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun").inNamespace(ns.name()).list()
              .getItems().isEmpty());
      Eventually.until("no longer Stalled", Duration.ofSeconds(30),
          () -> !"ApiServerRejected".equals(condition(app, "Stalled").get("reason")));
    }
  }

  private static List<Event> refusalEvents(KubernetesClient client, TestNamespace ns) {
    return client.v1().events().inNamespace(ns.name()).list().getItems().stream()
        .filter(e -> "ApiServerRejected".equals(e.getReason())).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> condition(CanaryFixture app, String type) {
    var conditions = (List<Map<String, Object>>) app.status().get("conditions");
    return conditions == null ? Map.of()
        : conditions.stream().filter(c -> type.equals(c.get("type"))).findFirst().orElse(Map.of());
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
