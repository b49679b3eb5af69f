package dev.sluice.kubectl.kube;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The patches are exactly those docs/manual-control.md documents for plain kubectl. */
class PatchesTest {
  @Test
  void statusPatchesMatchTheManualControlGuide() {
    assertThat(Patches.abort(true)).isEqualTo("{\"status\":{\"abort\":true}}");
    assertThat(Patches.abort(false)).isEqualTo("{\"status\":{\"abort\":false}}");
    assertThat(Patches.clearPauseConditions()).isEqualTo("{\"status\":{\"pauseConditions\":null}}");
    assertThat(Patches.abortRequestingRevert(true)).isEqualTo("{\"status\":{\"abort\":true,\"revertRequested\":true}}");
    assertThat(Patches.abortRequestingRevert(null)).isEqualTo("{\"status\":{\"abort\":true,\"revertRequested\":null}}");
    assertThat(Patches.promoteFull()).isEqualTo("{\"status\":{\"promoteFull\":true}}");
  }

  @Test
  void annotationPatchesSetAndRemove() {
    assertThat(Patches.annotation("sluice.dev/paused", "true")).isEqualTo("{\"metadata\":{\"annotations\":{\"sluice.dev/paused\":\"true\"}}}");
    assertThat(Patches.annotation("sluice.dev/paused", null)).isEqualTo("{\"metadata\":{\"annotations\":{\"sluice.dev/paused\":null}}}");
  }
}
