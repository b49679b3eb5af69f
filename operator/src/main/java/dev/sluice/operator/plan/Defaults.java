package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.RolloutSpec;
import java.time.Duration;

/** The spec's defaults, as Argo Rollouts has them, in one place for both strategies. */
public final class Defaults {
  public static final int REPLICAS = 1;
  public static final Duration SCALE_DOWN_DELAY = Duration.ofSeconds(30);
  public static final Duration PROGRESS_DEADLINE = Duration.ofSeconds(600);
  public static final int REVISION_HISTORY = 10;
  /** How soon a plan looks again at a running AnalysisRun (its informer event usually comes first). */
  public static final Duration ANALYSIS_RECHECK = Duration.ofSeconds(15);

  private Defaults() {
  }

  public static int replicas(RolloutSpec spec) {
    return spec.replicas == null ? REPLICAS : spec.replicas;
  }

  public static Duration progressDeadline(RolloutSpec spec) {
    return spec.progressDeadlineSeconds == null ? PROGRESS_DEADLINE : Duration.ofSeconds(spec.progressDeadlineSeconds);
  }

  public static int revisionHistory(RolloutSpec spec) {
    return spec.revisionHistoryLimit == null ? REVISION_HISTORY : spec.revisionHistoryLimit;
  }

  /** scaleDownDelaySeconds and abortScaleDownDelaySeconds. */
  public static Duration delay(Integer seconds) {
    return seconds == null ? SCALE_DOWN_DELAY : Duration.ofSeconds(seconds);
  }

  /** The strategy's scaleDownDelayRevisionLimit: how many old revisions may wait out their delay; null for no limit. */
  public static Integer scaleDownDelayRevisionLimit(RolloutSpec spec) {
    if (spec.strategy.canary != null) {
      return spec.strategy.canary.scaleDownDelayRevisionLimit;
    }
    return spec.strategy.blueGreen == null ? null : spec.strategy.blueGreen.scaleDownDelayRevisionLimit;
  }
}
