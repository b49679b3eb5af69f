package dev.sluice.kubectl.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.kubectl.Fixtures;
import dev.sluice.kubectl.view.Health.State;
import org.junit.jupiter.api.Test;

class HealthTest {
  private final Rollout rollout = Fixtures.rollout("canary-paused.yaml");

  @Test
  void healthyAndDegradedEndTheWait() {
    rollout.getStatus().phase = RolloutPhase.Healthy;
    rollout.getStatus().message = null;
    assertThat(Health.assess(rollout)).isEqualTo(new Health(State.HEALTHY, "Healthy"));

    rollout.getStatus().phase = RolloutPhase.Degraded;
    rollout.getStatus().message = "analysis web-7c9d-bg failed";
    assertThat(Health.assess(rollout))
        .isEqualTo(new Health(State.DEGRADED, "Degraded - step 1/4, canary weight 20 - analysis web-7c9d-bg failed"));
  }

  @Test
  void pausedAndProgressingKeepWaitingAndSayWhere() {
    assertThat(Health.assess(rollout))
        .isEqualTo(new Health(State.WAITING, "Paused (CanaryPauseStep) - step 1/4, canary weight 20 - waiting for promotion"));

    rollout.getStatus().phase = RolloutPhase.Progressing;
    assertThat(Health.assess(rollout).state()).isEqualTo(State.WAITING);
  }

  @Test
  void aPhaseForAnOlderGenerationIsNotTrusted() {
    rollout.getStatus().phase = RolloutPhase.Healthy;
    rollout.getMetadata().setGeneration(4L);

    assertThat(Health.assess(rollout)).isEqualTo(new Health(State.WAITING,
        "Waiting - the controller has observed generation 3, the spec is at generation 4"));
  }

  @Test
  void noStatusYetIsWaiting() {
    rollout.setStatus(null);

    assertThat(Health.assess(rollout).state()).isEqualTo(State.WAITING);
    assertThat(Health.assess(rollout).line()).contains("not observed the rollout yet");
  }
}
