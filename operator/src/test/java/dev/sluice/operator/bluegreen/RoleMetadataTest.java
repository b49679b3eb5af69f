package dev.sluice.operator.bluegreen;

import static dev.sluice.operator.bluegreen.BlueGreenRollouts.blueGreen;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutPhase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** activeMetadata and previewMetadata: the role labels follow the revisions through preview, switch and abort. */
class RoleMetadataTest {
  static final Map<String, String> ACTIVE = Map.of("role", "active");
  static final Map<String, String> PREVIEW = Map.of("role", "preview");

  @Test
  void thePreviewIsLabelledPreviewUntilPromotedThenActive() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().manualPromotion().roleMetadata().build(), "aaa");
    assertThat(world.roleLabels("aaa")).isEqualTo(ACTIVE);

    world.deploy("bbb").settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Paused);
    assertThat(world.roleLabels("bbb")).isEqualTo(PREVIEW);
    assertThat(world.roleAnnotations("bbb")).containsEntry("note", "not live yet");
    assertThat(world.roleLabels("aaa")).isEqualTo(ACTIVE);

    world.promote().settle();
    assertThat(world.activeHash).isEqualTo("bbb");
    assertThat(world.status().stableRS).isEqualTo("bbb");
    assertThat(world.roleLabels("bbb")).isEqualTo(ACTIVE);
    assertThat(world.roleAnnotations("bbb")).isEmpty();
    assertThat(world.roleLabels("aaa")).as("the old active keeps no role while it waits to scale down").isEmpty();
    assertThat(world.desired("aaa")).isPositive();
  }

  @Test
  void anAbortedPreviewStaysLabelledPreview() {
    BlueGreenWorld world = BlueGreenWorld.stable(blueGreen().manualPromotion().roleMetadata().build(), "aaa");
    world.deploy("bbb").settle();
    world.abort().settle();
    assertThat(world.roleLabels("bbb")).isEqualTo(PREVIEW);
    assertThat(world.roleLabels("aaa")).isEqualTo(ACTIVE);
  }
}
