package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A canary whose analysis step runs one AnalysisTemplate (named by the template's metadata) with the argument
 * {@code service=web-canary}, as a user of a metric provider sets it up: Secret, template, v1 Healthy, then v2.
 */
record ProviderCanary(CanaryFixture app) {
  /** Creates the Secrets, the template and v1 of the app, and waits until v1 is Healthy. */
  static ProviderCanary start(KubernetesClient client, String namespace, String templateName, String templateYaml,
      Map<String, Map<String, String>> secrets) {
    secrets.forEach((name, data) -> client.secrets().inNamespace(namespace).resource(new SecretBuilder()
        .withNewMetadata().withName(name).endMetadata().withStringData(data).build()).create());
    CanaryFixture app = new CanaryFixture(client, namespace);
    app.createAppAndRoute();
    client.resource(Serialization.unmarshal(templateYaml, GenericKubernetesResource.class)).inNamespace(namespace)
        .create();
    ProviderCanary canary = new ProviderCanary(app);
    app.applyRolloutYaml(canary.rollout(templateName, "1.0"));
    Eventually.until("v1 Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
    return canary;
  }

  private String rollout(String templateName, String version) {
    return CanaryFixture.ANALYSIS_ROLLOUT.formatted(version, templateName, "service", "web-canary");
  }

  /** Rolls out v2 and waits until it is the Healthy stable revision. */
  void completes(String templateName) {
    Object v1 = app.status().get("stableRS");
    app.applyRolloutYaml(rollout(templateName, "2.0"));
    Eventually.until("v2 Healthy", Duration.ofMinutes(2),
        () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
    assertThat(app.analysisRunPhases()).containsExactly("Successful");
  }

  /** Rolls out v2 and waits until the analysis aborts it: Degraded, all traffic back on stable. */
  void aborts(String templateName) {
    app.applyRolloutYaml(rollout(templateName, "2.0"));
    Eventually.until("Degraded", Duration.ofMinutes(2), () -> "Degraded".equals(app.phase()));
    assertThat(app.routeWeights()).isEqualTo("0/100");
    assertThat(app.status()).containsEntry("abortReason", "Analysis");
  }

  /** Every measurement's value, as the runs' status shows it. */
  @SuppressWarnings("unchecked")
  List<String> measurementValues() {
    return app.analysisRunStatuses().stream()
        .flatMap(s -> ((List<Map<String, Object>>) s.getOrDefault("metricResults", List.of())).stream())
        .flatMap(r -> ((List<Map<String, Object>>) r.getOrDefault("measurements", List.of())).stream())
        .map(m -> String.valueOf(m.get("value"))).toList();
  }

  String statusJson() {
    return Serialization.asJson(app.analysisRunStatuses());
  }
}
