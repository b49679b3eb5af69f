package dev.sluice.operator.canary;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Plan;
import java.time.Duration;

/**
 * The canary strategy as a pure function: from an {@link Observation} to a {@link Plan}. The reconciler applies the
 * plan's actions, then writes its status; nothing here reads or writes the cluster. {@link CanaryRun} orchestrates
 * one pass over the shared transitions; {@link CanarySteps} runs the steps.
 */
public final class CanaryPlanner {
  /** How soon an unverified weight is checked again at the router. */
  static final Duration VERIFY_RETRY = Duration.ofSeconds(2);

  private CanaryPlanner() {
  }

  public static Plan plan(Observation observation) {
    return new CanaryRun(observation).plan();
  }

  /** Names of the AnalysisRuns a revision's steps and background analysis get; stable, so creation is idempotent. */
  public static String stepRunName(Rollout rollout, String hash, int attempt, int step) {
    return rollout.getMetadata().getName() + "-" + hash + attemptSuffix(attempt) + "-" + step;
  }

  public static String backgroundRunName(Rollout rollout, String hash, int attempt) {
    return rollout.getMetadata().getName() + "-" + hash + attemptSuffix(attempt) + "-background";
  }

  private static String attemptSuffix(int attempt) {
    return attempt == 0 ? "" : "-r" + attempt;
  }
}
