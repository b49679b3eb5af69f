package dev.sluice.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** When things happened in an AnalysisRun, as its status records them: where the GitOps loop's clock starts. */
public final class AnalysisTimes {
  private AnalysisTimes() {
  }

  /** The finishedAt of the first Failed measurement of the AnalysisRuns of the release with this pod hash. */
  @SuppressWarnings("unchecked")
  public static Optional<Instant> firstFailedMeasurement(KubernetesClient client, String namespace, String podHash) {
    return client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisRun").inNamespace(namespace).list().getItems()
        .stream().filter(r -> r.getMetadata().getName().contains(podHash))
        .map(r -> (Map<String, Object>) r.getAdditionalProperties().get("status")).filter(Objects::nonNull)
        .flatMap(s -> ((List<Map<String, Object>>) s.getOrDefault("metricResults", List.of())).stream())
        .flatMap(m -> ((List<Map<String, Object>>) m.getOrDefault("measurements", List.of())).stream())
        .filter(m -> "Failed".equals(m.get("phase")) && m.get("finishedAt") != null)
        .map(m -> Instant.parse((String) m.get("finishedAt"))).min(Instant::compareTo);
  }
}
