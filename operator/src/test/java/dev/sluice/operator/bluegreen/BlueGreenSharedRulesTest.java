package dev.sluice.operator.bluegreen;

import static dev.sluice.operator.bluegreen.BlueGreenRollouts.blueGreen;

import dev.sluice.operator.plan.SharedRulesContract;
import dev.sluice.operator.plan.SimulatedCluster;

/** The shared planning core's rules, through blue-green: the gating run is the pre-promotion analysis. */
class BlueGreenSharedRulesTest extends SharedRulesContract {

  @Override
  protected SimulatedCluster<?> stableWorld(boolean analysis) {
    BlueGreenRollouts.Builder builder = blueGreen().replicas(4).previewReplicaCount(2);
    return BlueGreenWorld.stable((analysis ? builder.prePromotion("checks") : builder.manualPromotion()).build(), "s1");
  }

  @Override
  protected int firstPods() {
    return 2;
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
