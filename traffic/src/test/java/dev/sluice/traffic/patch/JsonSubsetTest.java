package dev.sluice.traffic.patch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class JsonSubsetTest {
  @Test
  void defaultsAddedByTheServerDoNotCount() {
    assertThat(JsonSubset.contains(json("{\"name\":\"c\",\"group\":\"\",\"kind\":\"Service\",\"weight\":1}"), json("{\"name\":\"c\",\"weight\":1}")))
        .isTrue();
  }

  @Test
  void aDifferentOrMissingValueCounts() {
    assertThat(JsonSubset.contains(json("{\"name\":\"c\",\"weight\":2}"), json("{\"name\":\"c\",\"weight\":1}"))).isFalse();
    assertThat(JsonSubset.contains(json("{\"name\":\"c\"}"), json("{\"name\":\"c\",\"weight\":1}"))).isFalse();
  }

  @Test
  void arraysMustHaveTheSameLength() {
    assertThat(JsonSubset.contains(json("[1,2]"), json("[1]"))).isFalse();
    assertThat(JsonSubset.contains(json("[{\"a\":1,\"b\":2}]"), json("[{\"a\":1}]"))).isTrue();
  }

  @Test
  void numbersCompareByValue() {
    assertThat(JsonSubset.contains(json("{\"value\":100}"), json("{\"value\":100.0}"))).isTrue();
    assertThat(JsonSubset.contains(json("{\"value\":\"100\"}"), json("{\"value\":100}"))).isFalse();
  }

  private static JsonNode json(String json) {
    return Json.read(json, JsonNode.class);
  }
}
