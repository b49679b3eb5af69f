package dev.sluice.operator.bluegreen;

import static dev.sluice.operator.bluegreen.BlueGreenRollouts.blueGreen;

import dev.sluice.operator.plan.SharedRulesContract;
import dev.sluice.operator.plan.SimulatedCluster;

/** The shared planning core's rules, through blue-green: the gating run is the pre-promotion analysis. */
class BlueGreenSharedRulesTest extends SharedRulesContract {

  @Override
  protected SimulatedCluster<?> analysedNewRevision() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().prePromotion("checks").build(), "s1");
    world.deploy("c1").settle();
    return world;
  }

  @Override
  protected String runOf(SimulatedCluster<?> world) {
    return world.status().blueGreen.prePromotionAnalysisRun;
  }

  @Override
  protected String runName(int attempt) {
    return attempt == 0 ? "demo-c1-prepromotion" : "demo-c1-r" + attempt + "-prepromotion";
  }
}
