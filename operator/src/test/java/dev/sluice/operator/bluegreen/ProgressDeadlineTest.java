package dev.sluice.operator.bluegreen;

import static dev.sluice.operator.bluegreen.BlueGreenRollouts.blueGreen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.status.Conditions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** progressDeadlineSeconds while the new revision's pods do not come up; paused time does not count. */
class ProgressDeadlineTest {

  @Test
  void aPreviewWhosePodsNeverComeUpIsDegradedAfterTheDeadline() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().progressDeadline(60, false).build(), "aaa");
    world.availability = BlueGreenWorld.Availability.MANUAL;
    world.deploy("bbb").settle();
    assertThat(world.lastPlan().requeueAfter()).contains(Duration.ofSeconds(60));
    world.followRequeue();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.conditionReason(Conditions.PROGRESSING)).isEqualTo("ProgressDeadlineExceeded");
    assertThat(world.status().message).contains("no progress for 60s", "preview revision bbb: 0/4");
    assertThat(world.eventReasons()).containsOnlyOnce("ProgressDeadlineExceeded");
    assertThat(world.activeHash).isEqualTo("aaa");
    assertThat(world.status().abort).isNull();

    world.advanceSeconds(600).settle();
    assertThat(world.eventReasons()).containsOnlyOnce("ProgressDeadlineExceeded");
    world.makeAvailable("bbb").settle();
    assertThat(world.activeHash).as("pods coming up is progress").isEqualTo("bbb");
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
  }

  @Test
  void podsComingUpOneByOneRestartTheDeadline() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().progressDeadline(60, false).build(), "aaa");
    world.availability = BlueGreenWorld.Availability.MANUAL;
    world.deploy("bbb").settle();
    world.advanceSeconds(50);
    world.revisions.get("bbb").available = 2;
    world.settle();
    world.advanceSeconds(50).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    world.advanceSeconds(10).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
  }

  @Test
  void progressDeadlineAbortAbortsAndKeepsActiveOnStable() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().progressDeadline(60, true).build(), "aaa");
    world.availability = BlueGreenWorld.Availability.MANUAL;
    world.deploy("bbb").settle();
    world.followRequeue();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Degraded);
    assertThat(world.status().abort).isTrue();
    assertThat(world.status().abortReason).isEqualTo("ProgressDeadline");
    assertThat(world.activeHash).isEqualTo("aaa");
  }

  @Test
  void aLongManualPauseDoesNotCountTowardsTheDeadlineOfThePromotion() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().progressDeadline(60, false).previewReplicaCount(1)
        .manualPromotion().build(), "aaa");
    world.deploy("bbb").settle();
    world.advanceSeconds(3600).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    world.availability = BlueGreenWorld.Availability.MANUAL;
    world.promote().settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Progressing);
    assertThat(world.conditionReason(Conditions.PROGRESSING)).isEqualTo("Promoting");
    world.makeAvailable("bbb").settle();
    assertThat(world.activeHash).isEqualTo("bbb");
  }
}
