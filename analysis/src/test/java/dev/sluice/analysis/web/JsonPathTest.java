package dev.sluice.analysis.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonPathTest {
  private static final JsonNode DOC = read("{\"data\":{\"ok\":true,\"rate\":0.9,\"odd key\":1,"
      + "\"items\":[{\"v\":1},{\"v\":2},{\"w\":3}]}}");

  private static JsonNode read(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String select(String path) {
    JsonNode node = JsonPath.compile(path).select(DOC);
    return node == null ? null : node.toString();
  }

  @Test
  void theFormsArgoTemplatesUse() {
    assertThat(select("{$.data.rate}")).isEqualTo("0.9");
    assertThat(select("$.data.rate")).isEqualTo("0.9");
    assertThat(select("{.data.rate}")).isEqualTo("0.9");
    assertThat(select("data.rate")).isEqualTo("0.9");
    assertThat(select("{$.data['odd key']}")).isEqualTo("1");
    assertThat(select("{$[\"data\"].ok}")).isEqualTo("true");
    assertThat(select("{$}")).isEqualTo(DOC.toString());
  }

  @Test
  void indexesAndWildcards() {
    assertThat(select("{$.data.items[1].v}")).isEqualTo("2");
    assertThat(select("{$.data.items[-1].w}")).isEqualTo("3");
    assertThat(select("{$.data.items[*].v}")).isEqualTo("[1,2]");
    assertThat(select("{$.data.items[9].v}")).isNull();
    assertThat(select("{$.data.nothing[*]}")).isEqualTo("[]");
  }

  @Test
  void unsupportedSyntaxIsRefusedUpFront() {
    assertThatThrownBy(() -> JsonPath.compile("{$..v}")).hasMessageContaining("recursive descent");
    assertThatThrownBy(() -> JsonPath.compile("{$.items[?(@.v>1)]}")).hasMessageContaining("filters");
    assertThatThrownBy(() -> JsonPath.compile("{$.items[0}")).hasMessageContaining("not closed");
    assertThatThrownBy(() -> JsonPath.compile("{$.a")).hasMessageContaining("without closing");
  }
}
