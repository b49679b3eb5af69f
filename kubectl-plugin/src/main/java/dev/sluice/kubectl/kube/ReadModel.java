package dev.sluice.kubectl.kube;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonIncludeProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.BlueGreenStrategy;
import dev.sluice.api.v1alpha1.CanaryStep;
import dev.sluice.api.v1alpha1.CanaryStrategy;
import dev.sluice.api.v1alpha1.GitRevert;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetList;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * What the plugin reads of each object, for start-up time. Before its first read of a type, Jackson builds a
 * deserializer for every property type it may meet, and the pod model behind a Rollout's template or a ReplicaSet's
 * alone is a few hundred classes: that cost ~0.1-0.3 s per run. These mix-ins leave out what the plugin never
 * shows. A view that needs another field must add it here (the cluster tests read through this model).
 *
 * <p>Objects read this way are incomplete: they are shown, never written back (every write is a patch).
 */
public final class ReadModel {
  private static final List<Class<?>> ROLLOUT_READS = List.of(Rollout.class, ReplicaSetList.class, PodList.class,
      AnalysisRun.class);

  private ReadModel() {
  }

  /**
   * fabric8's serialization with the mix-ins, and without its scan of every model class on the classpath (done on
   * the first polymorphic read); the plugin only reads types it names, which includes watch events.
   */
  static KubernetesSerialization serialization() {
    return Shared.SERIALIZATION;
  }

  /**
   * Builds the deserializers of what `get rollout` reads on a daemon thread, while the caller reads the kubeconfig,
   * builds the client and shakes hands with the server (~0.5 s of a run that reads, most of it not on this thread's
   * CPU). Jackson caches them in the shared mapper, so the reads find them made (or wait for the one being made).
   */
  public static void prepareRolloutReads() {
    Thread thread = new Thread(() -> {
      try {
        ROLLOUT_READS.forEach(Shared.MAPPER::readerFor);
      } catch (RuntimeException e) {
        // the read itself meets the same problem and reports it
      }
    }, "sluice-read-model");
    thread.setDaemon(true);
    thread.start();
  }

  /** One mapper a process: its deserializers are made once, whoever asks first. */
  private static final class Shared {
    static final ObjectMapper MAPPER = mapper();
    static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(MAPPER, false);
  }

  private static ObjectMapper mapper() {
    return new ObjectMapper()
        .addMixIn(ObjectMeta.class, MetadataShown.class)
        .addMixIn(RolloutSpec.class, RolloutSpecShown.class)
        .addMixIn(CanaryStrategy.class, CanaryStrategyShown.class)
        .addMixIn(CanaryStep.class, CanaryStepShown.class)
        .addMixIn(BlueGreenStrategy.class, BlueGreenStrategyShown.class)
        .addMixIn(GitRevert.class, GitRevertShown.class)
        .addMixIn(AnalysisRun.class, AnalysisRunShown.class)
        .addMixIn(ReplicaSetSpec.class, ReplicaSetSpecShown.class)
        .addMixIn(PodSpec.class, PodSpecShown.class)
        .addMixIn(Container.class, ContainerShown.class)
        .addMixIn(PodStatus.class, PodStatusShown.class)
        .addMixIn(ContainerStatus.class, ContainerStatusShown.class);
  }

  @JsonIgnoreProperties(value = "managedFields", ignoreUnknown = true)
  abstract static class MetadataShown {
  }

  /**
   * What the views and commands look at: replicas, selector, minReadySeconds, paused, gitRevert (whether set) and
   * the strategy (which one, and a canary's number of steps). Not the pod template, the analysis or traffic routing:
   * the strategies' classes and their ten traffic providers were ~0.1 s of deserializers on each run.
   */
  @JsonIncludeProperties({"replicas", "selector", "minReadySeconds", "paused", "strategy", "gitRevert"})
  abstract static class RolloutSpecShown {
  }

  @JsonIncludeProperties("steps")
  abstract static class CanaryStrategyShown {
  }

  /** A step is counted, not shown. */
  @JsonIncludeProperties("setWeight")
  abstract static class CanaryStepShown {
  }

  /** Whether the rollout is blue-green is all that is shown. */
  @JsonIncludeProperties("activeService")
  abstract static class BlueGreenStrategyShown {
  }

  /** Whether it is set is all that is shown (abort's warning). */
  @JsonIncludeProperties("enabled")
  abstract static class GitRevertShown {
  }

  /** Only metadata and status: the tree shows a run's phase and measurements, not its definition. */
  @JsonIgnoreProperties(value = "spec", ignoreUnknown = true)
  abstract static class AnalysisRunShown {
  }

  @JsonIncludeProperties("replicas")
  abstract static class ReplicaSetSpecShown {
  }

  @JsonIncludeProperties("containers")
  abstract static class PodSpecShown {
  }

  @JsonIncludeProperties("name")
  abstract static class ContainerShown {
  }

  @JsonIncludeProperties({"phase", "conditions", "containerStatuses"})
  abstract static class PodStatusShown {
  }

  @JsonIncludeProperties({"name", "ready", "restartCount", "state"})
  abstract static class ContainerStatusShown {
  }
}
