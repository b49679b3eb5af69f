package dev.sluice.operator.restart;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.operator.events.EventPublisher;
import dev.sluice.api.client.WriteTargets;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Carries out the restart asked for with spec.restartAt or the {@link RolloutLabels#RESTARTED_AT} annotation
 * ({@link RestartRequest}): deletes the
 * pods created before that time one by one (their ReplicaSets bring up new ones, same revision), then records the
 * time in status.restartedAt. Pods are listed only while a restart is pending.
 */
public final class PodRestarter {
  static final Duration RECHECK = Duration.ofSeconds(2);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);

  private final KubernetesClient client;
  private final EventPublisher events;
  private final Clock clock;
  /** Annotation values already reported as invalid, by rollout uid: one Event each, not one per reconcile. */
  private final Map<String, String> reportedInvalid = new ConcurrentHashMap<>();

  public PodRestarter(KubernetesClient client, EventPublisher events, Clock clock) {
    this.client = client;
    this.events = events;
    this.clock = clock;
  }

  /** @return when to look again while the restart is in progress */
  public Optional<Duration> run(Rollout rollout, Set<ReplicaSet> ownedReplicaSets) {
    String annotation = rollout.getMetadata().getAnnotations() == null ? null
        : rollout.getMetadata().getAnnotations().get(RolloutLabels.RESTARTED_AT);
    String specRestartAt = rollout.getSpec().restartAt;
    String invalid = RestartRequest.invalid(specRestartAt, annotation);
    if (invalid != null && !invalid.equals(reportedInvalid.put(rollout.getMetadata().getUid(), invalid))) {
      events.warning(rollout, "InvalidRestart", (invalid.equals(specRestartAt) ? "spec.restartAt" : "annotation " + RolloutLabels.RESTARTED_AT)
          + " is not an RFC 3339 time: " + dev.sluice.api.status.StatusText.message(invalid) + "; no pod is restarted for it");
    }
    Optional<RestartRequest> pending = RestartRequest.pending(specRestartAt, annotation,
        rollout.getStatus() == null ? null : rollout.getStatus().restartedAt);
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    String requested = pending.get().text();
    Instant restartAt = pending.get().at();
    Set<String> replicaSetUids = ownedReplicaSets.stream().map(r -> r.getMetadata().getUid()).collect(Collectors.toSet());
    int desired = ownedReplicaSets.stream().mapToInt(r -> r.getSpec().getReplicas() == null ? 0 : r.getSpec().getReplicas()).sum();
    List<Pod> pods = client.pods().inNamespace(rollout.getMetadata().getNamespace())
        .withLabelSelector(rollout.getSpec().selector).list().getItems().stream()
        .filter(p -> p.getMetadata().getOwnerReferences().stream().anyMatch(o -> replicaSetUids.contains(o.getUid())))
        .toList();
    PodRestartPlanner.Decision decision = PodRestartPlanner.decide(restartAt, clock.instant(),
        pods.stream().map(PodRestarter::view).toList(), desired, maxUnavailable(rollout), fullyAvailable(ownedReplicaSets));
    if (decision instanceof PodRestartPlanner.Decision.Done) {
      WriteTargets.byName(client, Rollout.class, rollout.getMetadata().getNamespace(), rollout.getMetadata().getName())
          .subresource("status").patch(MERGE, JSON.valueToTree(Map.of("status", Map.of("restartedAt", requested))).toString());
      events.normal(rollout, "RolloutRestarted", "every pod created before " + requested + " was replaced");
      return Optional.empty();
    }
    if (decision instanceof PodRestartPlanner.Decision.Delete delete) {
      for (String pod : delete.podNames()) {
        client.pods().inNamespace(rollout.getMetadata().getNamespace()).withName(pod).delete();
      }
      events.normal(rollout, "PodRestarted", "restarted pod" + (delete.podNames().size() == 1 ? " " : "s ")
          + String.join(", ", delete.podNames()) + " (" + delete.remaining() + " left)");
    }
    if (decision instanceof PodRestartPlanner.Decision.Wait && now().isBefore(restartAt)) {
      return Optional.of(Duration.between(now(), restartAt));
    }
    return Optional.of(RECHECK);
  }

  /**
   * The strategy's maxUnavailable (blue-green or canary), a number or a percentage of replicas (rounded down, as in Argo Rollouts), at least 1;
   * otherwise one pod at a time.
   */
  static int maxUnavailable(Rollout rollout) {
    var strategy = rollout.getSpec().strategy;
    // Argo restarts up to the strategy's maxUnavailable at once (canary or blue-green); unset, Sluice keeps one.
    IntOrString value = strategy == null ? null
        : strategy.blueGreen != null ? strategy.blueGreen.maxUnavailable
        : strategy.canary != null ? strategy.canary.maxUnavailable : null;
    if (value == null) {
      return 1;
    }
    int replicas = dev.sluice.operator.plan.Defaults.replicas(rollout.getSpec());
    String text = value.getStrVal() == null ? null : value.getStrVal().trim();
    int pods;
    if (value.getIntVal() != null) {
      pods = value.getIntVal();
    } else if (text != null && text.matches("\\d{1,3}%")) {
      pods = (int) Math.floor(replicas * Integer.parseInt(text.substring(0, text.length() - 1)) / 100.0);
    } else if (text != null && text.matches("\\d{1,9}")) {
      pods = Integer.parseInt(text);
    } else {
      pods = 1; // not a number or percentage: the safest pace
    }
    return Math.max(1, Math.min(pods, Math.max(replicas, 1)));
  }

  /** Every ReplicaSet has as many available pods as it wants (Argo Rollouts' test before it records a restart). */
  private static boolean fullyAvailable(Set<ReplicaSet> replicaSets) {
    return replicaSets.stream().allMatch(r -> {
      int wanted = r.getSpec().getReplicas() == null ? 0 : r.getSpec().getReplicas();
      Integer available = r.getStatus() == null ? null : r.getStatus().getAvailableReplicas();
      return (available == null ? 0 : available) >= wanted;
    });
  }

  private Instant now() {
    return clock.instant();
  }

  private static PodRestartPlanner.PodView view(Pod pod) {
    boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    String created = pod.getMetadata().getCreationTimestamp();
    return new PodRestartPlanner.PodView(pod.getMetadata().getName(), created == null ? Instant.EPOCH : Instant.parse(created),
        ready, pod.getMetadata().getDeletionTimestamp() != null);
  }
}
