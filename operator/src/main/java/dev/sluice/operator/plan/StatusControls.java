package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.status.Conditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;

/**
 * The parts of a Rollout's status both strategies' planners change the same way: pause conditions, the manual
 * controls a person sets, and the replica counts. One toolkit, so that a rule added for one strategy holds for both.
 */
public final class StatusControls {
  private StatusControls() {
  }

  public static PauseCondition findPause(RolloutStatus status, PauseCondition.Reason reason) {
    if (status.pauseConditions == null) {
      return null;
    }
    return status.pauseConditions.stream().filter(p -> p.reason == reason).findFirst().orElse(null);
  }

  /** Adds the pause unless present; a pause the controller adds (not spec.paused) sets controllerPause. */
  public static PauseCondition addPause(RolloutStatus status, PauseCondition.Reason reason, Instant now) {
    PauseCondition existing = findPause(status, reason);
    if (existing != null) {
      return existing;
    }
    PauseCondition pause = new PauseCondition();
    pause.reason = reason;
    pause.startTime = now.toString();
    if (status.pauseConditions == null) {
      status.pauseConditions = new ArrayList<>();
    }
    status.pauseConditions.add(pause);
    if (reason != PauseCondition.Reason.PausedBySpec) {
      status.controllerPause = true;
    }
    return pause;
  }

  public static void removePause(RolloutStatus status, PauseCondition.Reason reason) {
    if (status.pauseConditions != null) {
      status.pauseConditions.removeIf(p -> p.reason == reason);
      if (status.pauseConditions.isEmpty()) {
        status.pauseConditions = null;
      }
    }
  }

  /** A new revision, a retry or a return to stable starts free of every control a person set for the last one. */
  public static void clearManualControls(RolloutStatus status) {
    status.revertRequested = null;
    status.abort = null;
    status.abortedAt = null;
    status.abortReason = null;
    status.promoteFull = null;
    status.pauseConditions = null;
    status.controllerPause = null;
  }

  /** Replica counts over every revision, updatedReplicas for the current one, and the Available condition. */
  public static void countReplicas(RolloutStatus status, Collection<Revision> revisions, int replicas, Long generation,
      Instant now) {
    int total = 0;
    int ready = 0;
    int available = 0;
    Revision current = null;
    for (Revision revision : revisions) {
      total += revision.desired();
      ready += revision.ready();
      available += revision.available();
      if (revision.hash().equals(status.currentPodHash)) {
        current = revision;
      }
    }
    status.replicas = total;
    status.readyReplicas = ready;
    status.availableReplicas = available;
    status.updatedReplicas = current == null ? 0 : current.available();
    Conditions.set(status.conditions, Conditions.AVAILABLE, available >= replicas,
        available >= replicas ? "AvailableReplicas" : "NotEnoughReplicas",
        available + "/" + replicas + " available", generation, now);
  }
}
