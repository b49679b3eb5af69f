package dev.sluice.operator.canary;

import static dev.sluice.operator.canary.Rollouts.analysisStep;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;

import dev.sluice.operator.plan.SharedRulesContract;
import dev.sluice.operator.plan.SimulatedCluster;

/** The shared planning core's rules, through the canary: the gating run is the analysis step's. */
class CanarySharedRulesTest extends SharedRulesContract {

  @Override
  protected SimulatedCluster<?> analysedNewRevision() {
    CanaryWorld world = CanaryWorld.stable(Rollouts.canary().replicas(4).routed()
        .steps(setWeight(25), analysisStep("smoke"), pause()).build(), "s1");
    world.deploy("c1").settle();
    return world;
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
