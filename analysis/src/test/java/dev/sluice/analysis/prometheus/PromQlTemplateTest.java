package dev.sluice.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PromQlTemplateTest {
  @Test
  void substitutesEveryOccurrence() {
    String query = "sum(rate(x{service=\"{{args.service}}\"}[{{args.window}}])) / sum(rate(y{service=\"{{ args.service }}\"}[5m]))";
    assertThat(PromQlTemplate.render(query, Map.of("service", "checkout", "window", "1m")))
        .isEqualTo("sum(rate(x{service=\"checkout\"}[1m])) / sum(rate(y{service=\"checkout\"}[5m]))");
  }

  @Test
  void escapesForDoubleQuotedStrings() {
    assertThat(PromQlTemplate.render("up{path=\"{{args.p}}\"}", Map.of("p", "a\"b\\c\nd\re")))
        .isEqualTo("up{path=\"a\\\"b\\\\c\\nd\\re\"}");
  }

  @Test
  void valueCannotBreakOutOfTheString() {
    String rendered = PromQlTemplate.render("up{service=\"{{args.s}}\"}", Map.of("s", "x\"} or vector(1) or up{a=\""));
    assertThat(rendered).isEqualTo("up{service=\"x\\\"} or vector(1) or up{a=\\\"\"}");
  }

  @Test
  void replacementCharactersAreLiteral() {
    assertThat(PromQlTemplate.render("{{args.a}}", Map.of("a", "$1 \\$"))).isEqualTo("$1 \\\\$");
  }

  @Test
  void unknownArgumentIsAnError() {
    assertThatThrownBy(() -> PromQlTemplate.render("up{a=\"{{args.missing}}\"}", Map.of()))
        .hasMessage("query uses {{args.missing}} but the run has no argument \"missing\"");
  }

  @Test
  void referencedArgs() {
    assertThat(PromQlTemplate.referencedArgs("{{args.b}} {{args.a}} {{ args.b }} {{args.with-dash_and.dot}} {{other}}"))
        .containsExactly("b", "a", "with-dash_and.dot");
    assertThat(PromQlTemplate.render("no args here {{other}}", Map.of())).isEqualTo("no args here {{other}}");
  }
}
