package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A condition that does not compile makes the template InvalidSpec when it is applied, not at the first measurement. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class AnalysisTemplateValidationTest {
  static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata: {name: error-rate}
      spec:
        metrics:
        - name: error-rate
          successCondition: "%s"
          provider: {prometheus: {address: "http://127.0.0.1:9", query: "up"}}
      """;

  @Test
  void aConditionThatDoesNotCompileIsReportedWhenTheTemplateIsApplied(KubernetesClient client, TestNamespace ns) {
    try (OperatorProcess operator = OperatorProcess.start(TestCluster.get())) {
      apply(client, ns, TEMPLATE.formatted("result >"));
      Map<String, Object> invalid = Eventually.await("InvalidSpec=True", Duration.ofMinutes(1), () -> invalidSpec(client, ns, "True"));
      assertThat((String) invalid.get("message")).contains("error-rate").contains("successCondition")
          .contains("neither CEL").contains("nor Argo Rollouts' expression language");
      Eventually.until("a Warning Event", Duration.ofSeconds(30), () -> client.v1().events().inNamespace(ns.name()).list().getItems()
          .stream().anyMatch(e -> "InvalidSpec".equals(e.getReason()) && "Warning".equals(e.getType())));

      // The fix is written as Argo Rollouts' docs write it, in Argo's expression language.
      apply(client, ns, TEMPLATE.formatted("len(result) == 0 || result[0] < 0.05"));
      Eventually.await("InvalidSpec=False after the fix", Duration.ofMinutes(1), () -> invalidSpec(client, ns, "False"));
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> invalidSpec(KubernetesClient client, TestNamespace ns, String expected) {
    GenericKubernetesResource template = client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisTemplate")
        .inNamespace(ns.name()).withName("error-rate").get();
    var status = (Map<String, Object>) template.getAdditionalProperties().get("status");
    if (status == null) {
      return null;
    }
    return ((List<Map<String, Object>>) status.get("conditions")).stream()
        .filter(c -> "InvalidSpec".equals(c.get("type")) && expected.equals(c.get("status"))).findFirst().orElse(null);
  }

  private static void apply(KubernetesClient client, TestNamespace ns, String yaml) {
    client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).inNamespace(ns.name())
        .fieldManager("gitops-agent").forceConflicts().serverSideApply();
  }
}
