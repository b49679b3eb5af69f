package dev.sluice.kubectl.kube;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonIncludeProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.AnalysisRun;
import dev.sluice.api.v1alpha1.RolloutSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * What the plugin reads of each object, for start-up time. Before its first read of a type, Jackson builds a
 * deserializer for every property type it may meet, and the pod model behind a Rollout's template or a ReplicaSet's
 * alone is a few hundred classes: that cost ~0.1-0.3 s per run. These mix-ins leave out what the plugin never
 * shows. A view that needs another field must add it here (the cluster tests read through this model).
 *
 * <p>Objects read this way are incomplete: they are shown, never written back (every write is a patch).
 */
final class ReadModel {
  private ReadModel() {
  }

  /**
   * fabric8's serialization with the mix-ins, and without its scan of every model class on the classpath (done on
   * the first polymorphic read); the plugin only reads types it names, which includes watch events.
   */
  static KubernetesSerialization serialization() {
    ObjectMapper mapper = new ObjectMapper()
        .addMixIn(ObjectMeta.class, MetadataShown.class)
        .addMixIn(RolloutSpec.class, RolloutSpecShown.class)
        .addMixIn(AnalysisRun.class, AnalysisRunShown.class)
        .addMixIn(ReplicaSetSpec.class, ReplicaSetSpecShown.class)
        .addMixIn(PodSpec.class, PodSpecShown.class)
        .addMixIn(Container.class, ContainerShown.class)
        .addMixIn(PodStatus.class, PodStatusShown.class)
        .addMixIn(ContainerStatus.class, ContainerStatusShown.class);
    return new KubernetesSerialization(mapper, false);
  }

  @JsonIgnoreProperties(value = "managedFields", ignoreUnknown = true)
  abstract static class MetadataShown {
  }

  /** Everything but the pod template. */
  @JsonIgnoreProperties(value = "template", ignoreUnknown = true)
  abstract static class RolloutSpecShown {
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
