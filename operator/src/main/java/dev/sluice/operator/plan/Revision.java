package dev.sluice.operator.plan;

import java.time.Instant;

/**
 * One revision's ReplicaSet as the planner sees it: its pod template hash, the replicas it asks for (desired), the
 * pods it has that are not leaving (current: the ReplicaSet's status.replicas, which still counts the pods of a
 * scale-down until the ReplicaSet controller has deleted them), how many are ready and available, when it was
 * created (history order), and when it is due to scale down, if that was scheduled.
 */
public record Revision(String hash, int desired, int current, int ready, int available, Instant createdAt,
    Instant scaleDownAt) {
  /** A revision whose pods are what it asks for: none still leaving or still to come. */
  public boolean atSize() {
    return current == desired;
  }
}
