package dev.sluice.operator.plan;

import java.time.Instant;
import java.util.Comparator;

/**
 * One revision's ReplicaSet as the planner sees it: its pod template hash, the replicas it asks for (desired), the
 * pods it has that are not leaving (current: the ReplicaSet's status.replicas, which still counts the pods of a
 * scale-down until the ReplicaSet controller has deleted them), how many are ready and available, when it was
 * created and its place in the history (sequence; 0 on a ReplicaSet made before Sluice numbered them), and when it is
 * due to scale down, if that was scheduled.
 */
public record Revision(String hash, int desired, int current, int ready, int available, Instant createdAt,
    Instant scaleDownAt, long sequence) {
  /** Oldest first: by creation time, and by sequence within the same second (timestamps have whole seconds). */
  public static final Comparator<Revision> HISTORY_ORDER =
      Comparator.comparing(Revision::createdAt).thenComparingLong(Revision::sequence);

  public Revision(String hash, int desired, int current, int ready, int available, Instant createdAt,
      Instant scaleDownAt) {
    this(hash, desired, current, ready, available, createdAt, scaleDownAt, 0);
  }

  public boolean createdBefore(Revision other) {
    return HISTORY_ORDER.compare(this, other) < 0;
  }

  /** A revision whose pods are what it asks for: none still leaving or still to come. */
  public boolean atSize() {
    return current == desired;
  }
}
