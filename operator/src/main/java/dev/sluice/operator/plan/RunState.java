package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.AnalysisPhase;

/** An AnalysisRun's outcome so far; message names the metric and value that decided it. */
public record RunState(String name, AnalysisPhase phase, String message) {
}
