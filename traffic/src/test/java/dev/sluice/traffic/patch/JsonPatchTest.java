package dev.sluice.traffic.patch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonPatchTest {
  @Test
  void pathEscapesSlashAndTilde() {
    assertThat(JsonPatch.path("spec", "subsets", 0, "labels", "sluice.dev/pod-template-hash"))
        .isEqualTo("/spec/subsets/0/labels/sluice.dev~1pod-template-hash");
    assertThat(JsonPatch.path("a~b")).isEqualTo("/a~0b");
  }

  @Test
  void testsComeFirstWhateverTheOrderTheyWereAddedIn() {
    JsonPatch patch = new JsonPatch().remove("/spec/rules/2").test("/spec/rules/2/name", "x").add("/spec/rules/0", Map.of("name", "y"));

    assertThat(patch.toJson()).isEqualTo("[{\"op\":\"test\",\"path\":\"/spec/rules/2/name\",\"value\":\"x\"},"
        + "{\"op\":\"remove\",\"path\":\"/spec/rules/2\"},{\"op\":\"add\",\"path\":\"/spec/rules/0\",\"value\":{\"name\":\"y\"}}]");
  }

  @Test
  void onlyTestsChangeNothing() {
    assertThat(new JsonPatch().changesNothing()).isTrue();
    assertThat(new JsonPatch().test("/a", 1).changesNothing()).isTrue();
    assertThat(new JsonPatch().set("/a", 1, true).changesNothing()).isFalse();
  }

  @Test
  void setReplacesPresentMembersAndAddsMissingOnes() {
    assertThat(new JsonPatch().set("/w", 1, true).toJson()).contains("\"op\":\"replace\"");
    assertThat(new JsonPatch().set("/w", 1, false).toJson()).contains("\"op\":\"add\"");
  }
}
