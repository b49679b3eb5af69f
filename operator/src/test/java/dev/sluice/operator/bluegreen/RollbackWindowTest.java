package dev.sluice.operator.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.plan.Reasons;
import org.junit.jupiter.api.Test;

/** rollbackWindow for blue-green: a rollback within it skips the pause and both analyses. */
class RollbackWindowTest {
  @Test
  void aRollbackWithinTheWindowSwitchesWithoutPauseOrAnalysis() {
    BlueGreenWorld world = BlueGreenWorld.stable(BlueGreenRollouts.blueGreen().manualPromotion()
        .prePromotion("pre").postPromotion("post").rollbackWindow(1).scaleDownDelaySeconds(0).build(), "b1");
    world.deploy("g1").settle();
    world.run(world.startedRuns.get(0), dev.sluice.api.v1alpha1.AnalysisPhase.Successful, "ok").settle();
    world.promote().settle();
    world.run(world.startedRuns.get(1), dev.sluice.api.v1alpha1.AnalysisPhase.Successful, "ok").settle();
    assertThat(world.status().stableRS).isEqualTo("g1");
    world.advanceSeconds(60).settle();
    world.forgetHistory();

    world.deploy("b1").settle();
    assertThat(world.status().stableRS).isEqualTo("b1");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    assertThat(world.startedRuns).isEmpty();
    assertThat(world.eventReasons()).contains(Reasons.SKIP_STEPS);
  }
}
