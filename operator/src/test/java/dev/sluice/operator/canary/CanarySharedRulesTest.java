package dev.sluice.operator.canary;

import static dev.sluice.operator.canary.Rollouts.analysisStep;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;

import dev.sluice.operator.plan.SharedRulesContract;
import dev.sluice.operator.plan.SimulatedCluster;

/** The shared planning core's rules, through the canary: the gating run is the analysis step's. */
class CanarySharedRulesTest extends SharedRulesContract {

  @Override
  protected SimulatedCluster<?> stableWorld(boolean analysis) {
    return CanaryWorld.stable(Rollouts.canary().replicas(4).routed()
        .steps(analysis ? new dev.sluice.api.v1alpha1.CanaryStep[] {setWeight(50), analysisStep("smoke"), pause()}
            : new dev.sluice.api.v1alpha1.CanaryStep[] {setWeight(50), pause()}).build(), "s1");
  }

  @Override
  protected int firstPods() {
    return 2;
  }

  @Override
  protected String runOf(SimulatedCluster<?> world) {
    return world.status().canary.currentStepAnalysisRun;
  }

  @Override
  protected String runName(int attempt) {
    return attempt == 0 ? "demo-c1-1" : "demo-c1-r" + attempt + "-1";
  }
}
