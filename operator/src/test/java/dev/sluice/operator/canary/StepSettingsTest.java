package dev.sluice.operator.canary;

import static dev.sluice.operator.canary.Rollouts.analysisStep;
import static dev.sluice.operator.canary.Rollouts.canaryScaleReplicas;
import static dev.sluice.operator.canary.Rollouts.canaryScaleWeight;
import static dev.sluice.operator.canary.Rollouts.headerRoute;
import static dev.sluice.operator.canary.Rollouts.matchTrafficWeight;
import static dev.sluice.operator.canary.Rollouts.pause;
import static dev.sluice.operator.canary.Rollouts.setWeight;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.CanaryStep;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepSettingsTest {
  private final List<CanaryStep> steps = List.of(
      setWeight(10),              // 0
      pause("1m"),                // 1
      canaryScaleReplicas(3),     // 2
      setWeight(30),              // 3
      analysisStep("smoke"),      // 4
      canaryScaleWeight(60),      // 5
      matchTrafficWeight(),       // 6
      headerRoute("x", "y"),      // 7
      setWeight(80));             // 8

  @Test
  void theWeightIsTheLastSetWeightUpToTheIndex() {
    assertThat(StepSettings.upTo(steps, 0).weight()).isEqualTo(10);
    assertThat(StepSettings.upTo(steps, 1).weight()).isEqualTo(10);
    assertThat(StepSettings.upTo(steps, 2).weight()).isEqualTo(10);
    assertThat(StepSettings.upTo(steps, 3).weight()).isEqualTo(30);
    assertThat(StepSettings.upTo(steps, 7).weight()).isEqualTo(30);
    assertThat(StepSettings.upTo(steps, 8).weight()).isEqualTo(80);
  }

  @Test
  void setCanaryScaleHoldsUntilMatchTrafficWeight() {
    assertThat(StepSettings.upTo(steps, 1).scale()).isNull();
    assertThat(StepSettings.upTo(steps, 2).scale().replicas).isEqualTo(3);
    assertThat(StepSettings.upTo(steps, 4).scale().replicas).isEqualTo(3);
    assertThat(StepSettings.upTo(steps, 5).scale().weight).isEqualTo(60);
    assertThat(StepSettings.upTo(steps, 6).scale()).isNull();
    assertThat(StepSettings.upTo(steps, 8).scale()).isNull();
  }

  @Test
  void beyondTheLastStepAndBeforeTheFirst() {
    assertThat(StepSettings.upTo(steps, 99)).isEqualTo(StepSettings.upTo(steps, 8));
    assertThat(StepSettings.upTo(steps, -1)).isEqualTo(new StepSettings(0, null));
    assertThat(StepSettings.upTo(List.of(), 0)).isEqualTo(new StepSettings(0, null));
  }

  @Test
  void stepsWithoutAWeightLeaveItAtZero() {
    assertThat(StepSettings.upTo(List.of(pause(), analysisStep("a")), 1)).isEqualTo(new StepSettings(0, null));
  }
}
