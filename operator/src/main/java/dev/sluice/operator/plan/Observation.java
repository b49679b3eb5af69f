package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.Rollout;
import java.time.Instant;
import java.util.Map;

/**
 * Everything a strategy's planner decides from: the Rollout (spec, status, metadata), the hash of the pod template
 * the spec asks for, the ReplicaSets of every revision, what the router said about the canary weight recorded in
 * status, the AnalysisRuns by name, whether a person paused the rollout (annotation), and the time.
 */
public record Observation(
    Rollout rollout,
    String desiredHash,
    Map<String, Revision> revisions,
    WeightCheck weight,
    Map<String, RunState> runs,
    boolean pausedByAnnotation,
    Instant now) {
}
