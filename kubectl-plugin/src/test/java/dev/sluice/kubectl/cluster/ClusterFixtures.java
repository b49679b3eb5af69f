package dev.sluice.kubectl.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.kubectl.CliRunner;
import dev.sluice.kubectl.kube.Contract;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Objects for cluster tests, and the status the controller would write: the tests play the controller, so they do not
 * depend on it.
 */
final class ClusterFixtures {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ClusterFixtures() {
  }

  static CliRunner cli(TestCluster cluster) {
    return CliRunner.withKubeconfig(cluster.kubeconfig());
  }

  /** A valid canary Rollout (4 steps) named name, as Git would apply it: no status yet. */
  static Rollout createRollout(KubernetesClient client, TestNamespace ns, String name) {
    try (InputStream in = ClusterFixtures.class.getResourceAsStream("/cluster/rollout.yaml")) {
      Rollout rollout = YAML.readValue(in, Rollout.class);
      rollout.getMetadata().setName(name);
      return client.resources(Rollout.class).inNamespace(ns.name()).resource(rollout).create();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes status through the status subresource, as the controller does, observing the current generation. */
  static Rollout setStatus(KubernetesClient client, TestNamespace ns, String name, Consumer<RolloutStatus> change) {
    return client.resources(Rollout.class).inNamespace(ns.name()).withName(name).editStatus(rollout -> {
      RolloutStatus status = rollout.getStatus() == null ? new RolloutStatus() : rollout.getStatus();
      status.observedGeneration = rollout.getMetadata().getGeneration();
      change.accept(status);
      rollout.setStatus(status);
      return rollout;
    });
  }

  static Rollout get(KubernetesClient client, TestNamespace ns, String name) {
    return client.resources(Rollout.class).inNamespace(ns.name()).withName(name).get();
  }

  static PauseCondition pause(PauseCondition.Reason reason) {
    PauseCondition condition = new PauseCondition();
    condition.reason = reason;
    condition.startTime = Instant.now().toString();
    return condition;
  }

  /** A paused canary at step 1, as the controller leaves it at a pause step without duration. */
  static Rollout pausedRollout(KubernetesClient client, TestNamespace ns, String name) {
    createRollout(client, ns, name);
    return setStatus(client, ns, name, s -> {
      s.phase = RolloutPhase.Paused;
      s.currentStepIndex = 1;
      s.pauseConditions = List.of(pause(PauseCondition.Reason.CanaryPauseStep));
      s.controllerPause = true;
    });
  }

  /** The ReplicaSet the controller makes for a revision: owned by the Rollout, labelled with the hash. */
  static ReplicaSet createReplicaSet(KubernetesClient client, TestNamespace ns, Rollout owner, String hash, int replicas) {
    String name = owner.getMetadata().getName() + "-" + hash;
    ReplicaSet rs = new ReplicaSetBuilder()
        .withNewMetadata().withName(name).addToLabels("app", "web").addToLabels(Contract.POD_TEMPLATE_HASH, hash)
        .addNewOwnerReference().withApiVersion("sluice.dev/v1alpha1").withKind("Rollout")
        .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).withController(true).endOwnerReference()
        .endMetadata()
        .withNewSpec().withReplicas(replicas)
        .withNewSelector().addToMatchLabels("app", "web").addToMatchLabels(Contract.POD_TEMPLATE_HASH, hash).endSelector()
        .withNewTemplate().withNewMetadata().addToLabels("app", "web").addToLabels(Contract.POD_TEMPLATE_HASH, hash).endMetadata()
        .withNewSpec().addNewContainer().withName("web").withImage("registry.example/web:" + hash).endContainer().endSpec()
        .endTemplate().endSpec().build();
    return client.apps().replicaSets().inNamespace(ns.name()).resource(rs).create();
  }

  /**
   * An AnalysisRun of the rollout's revision hash as the controller starts it (rollout label, revision label, owner
   * reference), with the status the controller would have written.
   */
  static AnalysisRun createAnalysisRun(KubernetesClient client, TestNamespace ns, Rollout owner, String hash, String name,
                                       String yamlStatus) {
    try {
      AnalysisRun run = YAML.readValue("""
          apiVersion: sluice.dev/v1alpha1
          kind: AnalysisRun
          metadata:
            name: %s
            labels:
              %s: %s
              %s: "%s"
          spec:
            metrics:
            - name: success-rate
              interval: 30s
              successCondition: result[0] >= 0.99
              provider:
                prometheus:
                  address: http://prometheus:9090
                  query: sum(rate(http_requests_total{code!~"5.."}[1m])) / sum(rate(http_requests_total[1m]))
          """.formatted(name, Contract.ROLLOUT_LABEL, owner.getMetadata().getName(), Contract.POD_TEMPLATE_HASH, hash),
          AnalysisRun.class);
      run.getMetadata().setOwnerReferences(List.of(new OwnerReferenceBuilder()
          .withApiVersion("sluice.dev/v1alpha1").withKind("Rollout").withName(owner.getMetadata().getName())
          .withUid(owner.getMetadata().getUid()).build()));
      var api = client.resources(AnalysisRun.class).inNamespace(ns.name());
      AnalysisRun created = api.resource(run).create();
      created.setStatus(YAML.readValue(yamlStatus, AnalysisRunStatus.class));
      return api.resource(created).updateStatus();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
