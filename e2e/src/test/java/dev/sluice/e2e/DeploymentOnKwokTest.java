package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The control plane schedules real pods: the scheduler binds them to kwok nodes, which make them Ready. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class DeploymentOnKwokTest {
  @Test
  void deploymentPodsAreScheduledOnKwokNodesAndBecomeReady(KubernetesClient client, TestNamespace ns) {
    client.apps().deployments().inNamespace(ns.name()).resource(new DeploymentBuilder()
        .withNewMetadata().withName("web").endMetadata()
        .withNewSpec().withReplicas(2)
        .withNewSelector().addToMatchLabels("app", "web").endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("registry.example/web:1.0").endContainer().endSpec()
        .endTemplate().endSpec().build()).create();

    Eventually.until("2 available replicas", Duration.ofMinutes(2), () -> {
      var d = client.apps().deployments().inNamespace(ns.name()).withName("web").get();
      return d.getStatus() != null && Integer.valueOf(2).equals(d.getStatus().getAvailableReplicas());
    });

    Set<String> nodes = client.nodes().list().getItems().stream().map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
    List<Pod> pods = client.pods().inNamespace(ns.name()).withLabel("app", "web").list().getItems();
    assertThat(pods).hasSize(2).allSatisfy(pod -> {
      assertThat(pod.getSpec().getNodeName()).isIn(nodes);
      assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
      assertThat(pod.getStatus().getConditions()).anySatisfy(c -> {
        assertThat(c.getType()).isEqualTo("Ready");
        assertThat(c.getStatus()).isEqualTo("True");
      });
    });
    Node node = client.nodes().withName(pods.get(0).getSpec().getNodeName()).get();
    assertThat(node.getMetadata().getAnnotations()).containsKey("kwok.x-k8s.io/node");
  }
}
