package dev.sluice.traffic.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManagedEntriesTest {
  private static final List<String> PRECEDENCE = List.of("first", "second");

  @Test
  void newEntriesGoFirstInTheOrderOfManagedRoutes() {
    List<JsonNode> existing = entries("sluice.first.0", "primary");
    JsonPatch patch = new JsonPatch();

    ManagedEntries.replace(patch, "/spec/http", existing, "second", entries("sluice.second.0", "sluice.second.1"), PRECEDENCE);

    assertThat(patch.toJson()).isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/http/1\",\"value\":{\"name\":\"sluice.second.0\"}},"
        + "{\"op\":\"add\",\"path\":\"/spec/http/2\",\"value\":{\"name\":\"sluice.second.1\"}}]");
  }

  @Test
  void anEarlierManagedRouteGoesBeforeLaterOnes() {
    JsonPatch patch = new JsonPatch();

    ManagedEntries.replace(patch, "/spec/http", entries("sluice.second.0", "primary"), "first", entries("sluice.first.0"), PRECEDENCE);

    assertThat(patch.toJson()).isEqualTo("[{\"op\":\"add\",\"path\":\"/spec/http/0\",\"value\":{\"name\":\"sluice.first.0\"}}]");
  }

  @Test
  void replacingRemovesTheOldEntriesHighestIndexFirstEachGuardedByItsName() {
    List<JsonNode> existing = entries("sluice.first.0", "sluice.first.1", "primary");
    JsonPatch patch = new JsonPatch();

    ManagedEntries.replace(patch, "/spec/rules", existing, "first", List.of(Json.read("{\"name\":\"sluice.first.0\",\"x\":1}", JsonNode.class)), PRECEDENCE);

    assertThat(patch.toJson()).isEqualTo("[{\"op\":\"test\",\"path\":\"/spec/rules/1/name\",\"value\":\"sluice.first.1\"},"
        + "{\"op\":\"test\",\"path\":\"/spec/rules/0/name\",\"value\":\"sluice.first.0\"},"
        + "{\"op\":\"remove\",\"path\":\"/spec/rules/1\"},{\"op\":\"remove\",\"path\":\"/spec/rules/0\"},"
        + "{\"op\":\"add\",\"path\":\"/spec/rules/0\",\"value\":{\"name\":\"sluice.first.0\",\"x\":1}}]");
  }

  @Test
  void entriesThatAlreadyHoldTheDesiredContentAreLeftAlone() {
    List<JsonNode> existing = List.of(Json.read("{\"name\":\"sluice.first.0\",\"x\":1,\"defaulted\":true}", JsonNode.class),
        Json.read("{\"name\":\"primary\"}", JsonNode.class));
    JsonPatch patch = new JsonPatch();

    ManagedEntries.replace(patch, "/spec/rules", existing, "first", List.of(Json.read("{\"name\":\"sluice.first.0\",\"x\":1}", JsonNode.class)), PRECEDENCE);

    assertThat(patch.changesNothing()).isTrue();
  }

  @Test
  void removeAllTakesEverySluiceEntryAndNothingElse() {
    JsonPatch patch = new JsonPatch();

    ManagedEntries.removeAll(patch, "/spec/http", entries("sluice.first.0", "primary", "sluice.gone.0", "sluicey"));

    assertThat(patch.toJson()).isEqualTo("[{\"op\":\"test\",\"path\":\"/spec/http/2/name\",\"value\":\"sluice.gone.0\"},"
        + "{\"op\":\"test\",\"path\":\"/spec/http/0/name\",\"value\":\"sluice.first.0\"},"
        + "{\"op\":\"remove\",\"path\":\"/spec/http/2\"},{\"op\":\"remove\",\"path\":\"/spec/http/0\"}]");
  }

  @Test
  void nothingToRemoveIsNoPatch() {
    JsonPatch patch = new JsonPatch();

    ManagedEntries.replace(patch, "/spec/http", entries("primary"), "first", List.of(), PRECEDENCE);

    assertThat(patch.changesNothing()).isTrue();
  }

  private static List<JsonNode> entries(String... names) {
    return Arrays.stream(names).map(n -> Json.read("{\"name\":\"" + n + "\"}", JsonNode.class)).toList();
  }
}
