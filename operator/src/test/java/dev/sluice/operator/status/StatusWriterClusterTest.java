package dev.sluice.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.metrics.SluiceMetrics;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The status write against a real API server: what it stores, what it tells the cache, what it refuses. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class StatusWriterClusterTest {
  private static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata: {name: web}
      spec:
        replicas: 1
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec: {containers: [{name: web, image: nginx}]}
        strategy: {canary: {steps: [{setWeight: 20}]}}
      """;

  private final List<String> toldResourceVersions = new ArrayList<>();

  private StatusWriter writer(KubernetesClient client) {
    StatusWriter writer = new StatusWriter(client, new SluiceMetrics(new SimpleMeterRegistry()));
    writer.cacheWritesWith((stored, observed) -> toldResourceVersions.add(stored.getMetadata().getResourceVersion()));
    return writer;
  }

  private static Rollout create(KubernetesClient client, TestNamespace ns) {
    Rollout rollout = client.getKubernetesSerialization().unmarshal(ROLLOUT, Rollout.class);
    return client.resources(Rollout.class).inNamespace(ns.name()).resource(rollout).create();
  }

  private static Rollout stored(KubernetesClient client, TestNamespace ns) {
    return client.resources(Rollout.class).inNamespace(ns.name()).withName("web").get();
  }

  private static RolloutStatus progressing(Rollout observed) {
    RolloutStatus status = StatusWriter.copyOf(observed.getStatus());
    status.phase = RolloutPhase.Progressing;
    status.message = "step 1/1";
    status.currentStepIndex = 0;
    return status;
  }

  @Test
  void aChangedStatusIsStoredAndTheCacheIsToldTheRolloutAsStored(KubernetesClient client, TestNamespace ns) {
    Rollout created = create(client, ns);

    Rollout written = writer(client).write(created, progressing(created));

    Rollout stored = stored(client, ns);
    assertThat(written.getStatus().phase).isEqualTo(RolloutPhase.Progressing);
    assertThat(stored.getStatus().phase).isEqualTo(RolloutPhase.Progressing);
    assertThat(stored.getStatus().message).isEqualTo("step 1/1");
    assertThat(stored.getStatus().currentStepIndex).isZero();
    assertThat(stored.getMetadata().getManagedFields()).anySatisfy(entry -> {
      assertThat(entry.getManager()).isEqualTo("sluice");
      assertThat(entry.getSubresource()).isEqualTo("status");
    });
    assertThat(toldResourceVersions).containsExactly(stored.getMetadata().getResourceVersion());
  }

  @Test
  void aStatusDecidedOnAnOlderRolloutIsRefusedAndThePersonsAbortStays(KubernetesClient client, TestNamespace ns) {
    Rollout created = create(client, ns);
    // A person aborts between the controller's read and its write.
    client.resources(Rollout.class).inNamespace(ns.name()).withName("web").subresource("status")
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"abort\":true}}");

    assertThatThrownBy(() -> writer(client).write(created, progressing(created)))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

    Rollout stored = stored(client, ns);
    assertThat(stored.getStatus().abort).isTrue();
    assertThat(stored.getStatus().phase).isNull();
    assertThat(toldResourceVersions).isEmpty();
  }

  @Test
  void aRolloutDeletedBeforeTheWriteIsANotFoundRefusal(KubernetesClient client, TestNamespace ns) {
    Rollout created = create(client, ns);
    client.resources(Rollout.class).inNamespace(ns.name()).withName("web").delete();

    assertThatThrownBy(() -> writer(client).write(created, progressing(created)))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(404);
          assertThat(e.getMessage()).contains("rollouts.sluice.dev \"web\" not found");
        });
    assertThat(toldResourceVersions).isEmpty();
  }
}
