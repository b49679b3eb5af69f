package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.Rollout;
import java.time.Instant;
import java.util.Map;

/**
 * Everything the canary planner decides from: the Rollout (spec, status, metadata), the hash of the pod template
 * the spec asks for, the ReplicaSets of every revision, whether the router's live objects carry the canary weight
 * recorded in status (null without traffic routing or when it could not be read), the AnalysisRuns by name,
 * whether a person paused the rollout (annotation), and the time.
 */
public record Observation(
    Rollout rollout,
    String desiredHash,
    Map<String, Revision> revisions,
    Boolean weightVerified,
    Map<String, RunState> runs,
    boolean pausedByAnnotation,
    Instant now) {
}
