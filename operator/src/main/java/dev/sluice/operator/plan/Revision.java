package dev.sluice.operator.plan;

import java.time.Instant;

/**
 * One revision's ReplicaSet as the planner sees it: its pod template hash, the replicas it asks for and has, when
 * it was created (history order), and when it is due to scale down, if that was scheduled.
 */
public record Revision(String hash, int desired, int ready, int available, Instant createdAt, Instant scaleDownAt) {
}
