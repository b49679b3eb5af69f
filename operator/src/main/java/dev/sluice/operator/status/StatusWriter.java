package dev.sluice.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1alpha1.RolloutLabels;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.metrics.SluiceMetrics;
import dev.sluice.api.client.WriteTargets;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Writes a Rollout's status only when it changed, through the status subresource with the resourceVersion the
 * decision was based on. A concurrent change (a person's promote or abort patch) makes the write fail with a
 * conflict, and the reconcile runs again on fresh state instead of overwriting it. The write is a merge patch of what
 * changed in the status, with that resourceVersion as its precondition: the same guard as an update of the whole
 * object, without sending the spec and the unchanged status back on every step.
 */
@ApplicationScoped
public class StatusWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PatchContext MERGE = new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
      .withFieldManager(RolloutLabels.FIELD_MANAGER).build();
  private final KubernetesClient client;
  private final SluiceMetrics metrics;
  /** Told of each Rollout as stored, with the one observed: the controller's cache takes it before its watch event. */
  private volatile BiConsumer<Rollout, Rollout> onStored = (stored, observed) -> { };

  public StatusWriter(KubernetesClient client, SluiceMetrics metrics) {
    this.client = client;
    this.metrics = metrics;
  }

  /**
   * The Rollout controller's primary cache learns of each write here: without it a reconcile that another event
   * (a route's, a ReplicaSet's) starts right after a write decides on the status before it, and its own write then
   * fails with a conflict.
   */
  public void cacheWritesWith(BiConsumer<Rollout, Rollout> onStored) {
    this.onStored = onStored;
  }

  /**
   * The metrics see every decided status, written or not: a new leader's first reconciles count the rollouts whose
   * status does not change, which it never writes.
   *
   * @return the stored Rollout, or the observed one when nothing changed
   */
  public Rollout write(Rollout observed, RolloutStatus desired) {
    // Each status as a tree once: the comparison and the patch both read them.
    JsonNode before = JSON.valueToTree(observed.getStatus());
    JsonNode after = JSON.valueToTree(desired);
    if (Objects.equals(before, after)) {
      metrics.rolloutStatus(observed.getMetadata(), desired);
      return observed;
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("metadata").put("resourceVersion", observed.getMetadata().getResourceVersion());
    patch.set("status", MergePatch.diff(before, after));
    Rollout stored = WriteTargets.byName(client, Rollout.class, observed.getMetadata().getNamespace(),
        observed.getMetadata().getName()).subresource("status").patch(MERGE, patch.toString());
    onStored.accept(stored, observed);
    metrics.rolloutStatus(stored.getMetadata(), desired);
    return stored;
  }

  /** A deep copy to decide on, leaving the observed (cached) object untouched. */
  public static RolloutStatus copyOf(RolloutStatus status) {
    return status == null ? new RolloutStatus() : JSON.convertValue(status, RolloutStatus.class);
  }
}
