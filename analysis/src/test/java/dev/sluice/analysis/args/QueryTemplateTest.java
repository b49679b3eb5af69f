package dev.sluice.analysis.args;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.analysis.args.QueryTemplate.Dialect;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where an argument stands in a Flux or WQL query decides how it is placed; no value changes the query. */
class QueryTemplateTest {
  @Test
  void insideAStringTheValueIsEscaped() {
    assertThat(QueryTemplate.render(Dialect.FLUX, "r.app == \"{{args.a}}\"", Map.of("a", "x\\\"${y}\n")))
        .isEqualTo("r.app == \"x\\\\\\\"\\${y}\\n\"");
    assertThat(QueryTemplate.render(Dialect.WQL, "ts(\"m\", svc=\"{{ args.a }}\")", Map.of("a", "web\" or \"x")))
        .isEqualTo("ts(\"m\", svc=\"web\\\" or \\\"x\")");
  }

  @Test
  void anEscapedQuoteDoesNotEndTheString() {
    assertThat(QueryTemplate.render(Dialect.FLUX, "\"a\\\"{{args.a}}\"", Map.of("a", "\""))).isEqualTo("\"a\\\"\\\"\"");
  }

  @Test
  void outsideStringsOnlyALiteralStands() {
    assertThat(QueryTemplate.render(Dialect.FLUX, "range(start: -{{args.w}})", Map.of("w", "1h30m")))
        .isEqualTo("range(start: -1h30m)");
    assertThat(QueryTemplate.render(Dialect.FLUX, "range(start: {{args.t}})", Map.of("t", "2026-12-06T01:00:00Z")))
        .isEqualTo("range(start: 2026-12-06T01:00:00Z)");
    assertThat(QueryTemplate.render(Dialect.WQL, "ts({{args.m}})", Map.of("m", "istio.requestcount.count")))
        .isEqualTo("ts(istio.requestcount.count)");
    assertThatThrownBy(() -> QueryTemplate.render(Dialect.WQL, "ts({{args.m}})", Map.of("m", "x) or ts(y")))
        .hasMessage("argument \"m\" cannot be placed in the WQL query safely: it sits outside a quoted string, where"
            + " only a number, a duration, a time or a name may stand; quote it in the query (\"{{args.m}}\") or give"
            + " it such a value");
  }

  @Test
  void aFluxCommentEndsAtTheLineAndMayNotBeBroken() {
    assertThat(QueryTemplate.render(Dialect.FLUX, "// for {{args.a}}\nx", Map.of("a", "a \"quoted\" name")))
        .isEqualTo("// for a \"quoted\" name\nx");
    assertThatThrownBy(() -> QueryTemplate.render(Dialect.FLUX, "// {{args.a}}", Map.of("a", "x\ndrop()")))
        .hasMessageContaining("sits in a comment and holds a line break");
  }

  @Test
  void aControlCharacterInAWqlStringIsRefusedWithoutTheValue() {
    assertThatThrownBy(() -> QueryTemplate.render(Dialect.WQL, "\"{{args.a}}\"", Map.of("a", "tok\nen")))
        .hasMessage("argument \"a\" cannot be placed in the WQL query safely: it holds a control character, which a"
            + " WQL string cannot hold");
  }

  @Test
  void aMissingArgumentIsNamed() {
    assertThatThrownBy(() -> QueryTemplate.render(Dialect.FLUX, "{{args.nope}}", Map.of()))
        .hasMessage("query uses {{args.nope}} but the run has no argument \"nope\"");
  }
}
