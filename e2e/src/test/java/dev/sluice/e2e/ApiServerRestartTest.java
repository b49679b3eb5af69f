package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.RepoPaths;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the API server accepted is stored in etcd: it is all there, unchanged, after kube-apiserver restarts. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class ApiServerRestartTest {
  @Test
  void objectsSurviveARestartOfKubeApiserver(KubernetesClient client, TestNamespace ns, TestCluster cluster) throws IOException {
    assumeTrue(cluster.kind().equals("kwok"), "restarting kube-apiserver needs the local control plane");
    GenericKubernetesResource rollout = create(client, ns, "valid/canary-gateway-api.yaml");
    GenericKubernetesResource template = create(client, ns, "valid/analysis-template.yaml");

    cluster.restartControlPlane();

    GenericKubernetesResource rolloutAfter = Eventually.await("the Rollout after the restart", Duration.ofSeconds(60),
        () -> client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout").inNamespace(ns.name())
            .withName(rollout.getMetadata().getName()).get());
    GenericKubernetesResource templateAfter = client.genericKubernetesResources("sluice.dev/v1alpha1", "AnalysisTemplate")
        .inNamespace(ns.name()).withName(template.getMetadata().getName()).get();
    assertThat(rolloutAfter.getMetadata().getUid()).isEqualTo(rollout.getMetadata().getUid());
    assertThat(rolloutAfter.getAdditionalProperties().get("spec")).isEqualTo(rollout.getAdditionalProperties().get("spec"));
    assertThat(templateAfter.getMetadata().getUid()).isEqualTo(template.getMetadata().getUid());
    assertThat(templateAfter.getAdditionalProperties().get("spec")).isEqualTo(template.getAdditionalProperties().get("spec"));
  }

  private static GenericKubernetesResource create(KubernetesClient client, TestNamespace ns, String corpusFile) throws IOException {
    String yaml = Files.readString(RepoPaths.resolve("crds/src/test/resources/manifests/" + corpusFile));
    return client.resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).inNamespace(ns.name()).create();
  }
}
