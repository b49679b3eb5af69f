package dev.sluice.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.metrics.SluiceMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Objects;

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
  private final StatusPatch patches;
  private final SluiceMetrics metrics;
  /** Told of each status as stored: the controller's cache takes it before its watch event. */
  private volatile StoredStatus onStored = (observed, status, resourceVersion) -> { };

  /** What a write stored: the observed Rollout's status is now {@code status}, at {@code resourceVersion}. */
  @FunctionalInterface
  public interface StoredStatus {
    void stored(Rollout observed, RolloutStatus status, String resourceVersion);
  }

  public StatusWriter(KubernetesClient client, SluiceMetrics metrics) {
    this.patches = new StatusPatch(client);
    this.metrics = metrics;
  }

  /**
   * The Rollout controller's primary cache learns of each write here: without it a reconcile that another event
   * (a route's, a ReplicaSet's) starts right after a write decides on the status before it, and its own write then
   * fails with a conflict.
   */
  public void cacheWritesWith(StoredStatus onStored) {
    this.onStored = onStored;
  }

  /**
   * The metrics see every decided status, written or not: a new leader's first reconciles count the rollouts whose
   * status does not change, which it never writes. Once written, {@code desired} is the cache's copy of the status:
   * the caller leaves it unchanged.
   *
   * @return whether the status changed and was written
   */
  public boolean write(Rollout observed, RolloutStatus desired) {
    // Each status as a tree once: the comparison and the patch both read them.
    JsonNode before = JSON.valueToTree(observed.getStatus());
    JsonNode after = JSON.valueToTree(desired);
    if (Objects.equals(before, after)) {
      metrics.rolloutStatus(observed.getMetadata(), desired);
      return false;
    }
    ObjectNode patch = JSON.createObjectNode();
    patch.putObject("metadata").put("resourceVersion", observed.getMetadata().getResourceVersion());
    patch.set("status", MergePatch.diff(before, after));
    String resourceVersion = patches.send(observed.getMetadata().getNamespace(), observed.getMetadata().getName(), patch.toString());
    onStored.stored(observed, desired, resourceVersion);
    metrics.rolloutStatus(observed.getMetadata(), desired);
    return true;
  }

  /** A deep copy to decide on, leaving the observed (cached) object untouched. */
  public static RolloutStatus copyOf(RolloutStatus status) {
    return status == null ? new RolloutStatus() : JSON.convertValue(status, RolloutStatus.class);
  }
}
