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
    assertThat(PromQlTemplate.render("\"{{args.a}}\"", Map.of("a", "$1 $"))).isEqualTo("\"$1 $\"");
  }

  @Test
  void singleQuotedMatcherEscapesTheSingleQuote() {
    // The injection of issue 13: a single-quoted matcher that the old double-quote-only escaping left open.
    String rendered = PromQlTemplate.render("up{service='{{args.s}}'}", Map.of("s", "'} or vector(1) #"));
    assertThat(rendered).isEqualTo("up{service='\\'} or vector(1) #'}");
    assertThat(PromQlTemplate.render("up{a='{{args.p}}'}", Map.of("p", "it's \"q\" \\ \n")))
        .isEqualTo("up{a='it\\'s \"q\" \\\\ \\n'}");
  }

  @Test
  void doubleQuotedMatcherLeavesSingleQuotesAlone() {
    assertThat(PromQlTemplate.render("up{a=\"{{args.p}}\"}", Map.of("p", "it's")))
        .isEqualTo("up{a=\"it's\"}");
  }

  @Test
  void controlCharactersAreEscaped() {
    assertThat(PromQlTemplate.render("up{a=\"{{args.p}}\"}", Map.of("p", "a\tb\u0000c\u007f")))
        .isEqualTo("up{a=\"a\\tb\\x00c\\x7f\"}");
  }

  @Test
  void escapedQuoteInTheTemplateDoesNotEndTheString() {
    assertThat(PromQlTemplate.render("up{a=\"x\\\"{{args.p}}\"}", Map.of("p", "\"")))
        .isEqualTo("up{a=\"x\\\"\\\"\"}");
    // After a closed string the next placeholder is code again.
    assertThatThrownBy(() -> PromQlTemplate.render("up{a=\"x\"} > {{args.t}}", Map.of("t", "0 or vector(1)")))
        .hasMessageContaining("argument \"t\" cannot be placed");
  }

  @Test
  void rawStringRefusesABacktick() {
    assertThat(PromQlTemplate.render("up{a=`{{args.p}}`}", Map.of("p", "a\"b'c\\d")))
        .isEqualTo("up{a=`a\"b'c\\d`}");
    assertThatThrownBy(() -> PromQlTemplate.render("up{a=`{{args.p}}`}", Map.of("p", "`} or vector(1) #")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("argument \"p\" cannot be placed in the query safely: it sits in a backtick string and holds a"
            + " backtick, which such a string cannot escape; put {{args.p}} in double quotes instead");
  }

  @Test
  void quotesInsideARawStringDoNotOpenAString() {
    assertThat(PromQlTemplate.render("up{a=`\"`, b=\"{{args.p}}\"}", Map.of("p", "\"")))
        .isEqualTo("up{a=`\"`, b=\"\\\"\"}");
  }

  @Test
  void outsideAStringOnlyASingleTokenIsAccepted() {
    String query = "rate(x[{{args.w}}]) > {{args.t}} and on() {{args.m}} offset {{args.o}}";
    assertThat(PromQlTemplate.render(query, Map.of("w", "1h30m", "t", "-0.5e-3", "m", "job:up:sum", "o", "5m")))
        .isEqualTo("rate(x[1h30m]) > -0.5e-3 and on() job:up:sum offset 5m");
    assertThat(PromQlTemplate.render("max_over_time(x[{{args.r}}])", Map.of("r", "30m:1m"))).contains("[30m:1m]");
    assertThat(PromQlTemplate.render("x > {{args.t}}", Map.of("t", "Inf"))).isEqualTo("x > Inf");
    assertThat(PromQlTemplate.render("x > {{args.t}}", Map.of("t", "0x1F"))).isEqualTo("x > 0x1F");
    for (String hostile : new String[] {"0 or vector(1)", "1)", "x{a=\"b\"}", "1 #", "up\n", "\"a\"", "vector(1)"}) {
      assertThatThrownBy(() -> PromQlTemplate.render("x > {{args.t}}", Map.of("t", hostile)))
          .as(hostile)
          .hasMessage("argument \"t\" cannot be placed in the query safely: it sits outside a quoted string, where only"
              + " a number, a duration or a metric or label name may stand; quote it in the query (\"{{args.t}}\") or"
              + " give it such a value");
    }
  }

  @Test
  void commentRefusesALineBreak() {
    assertThat(PromQlTemplate.render("up # for {{args.s}}\n> 0", Map.of("s", "checkout \"'`")))
        .isEqualTo("up # for checkout \"'`\n> 0");
    assertThatThrownBy(() -> PromQlTemplate.render("up # for {{args.s}}", Map.of("s", "x\nor vector(1)")))
        .hasMessageContaining("sits in a # comment and holds a line break");
    // A quote inside a comment opens no string: the next line is code.
    assertThatThrownBy(() -> PromQlTemplate.render("up # it's\n> {{args.t}}", Map.of("t", "1 or vector(1)")))
        .hasMessageContaining("sits outside a quoted string");
  }

  @Test
  void refusalNeverQuotesTheValue() {
    assertThatThrownBy(() -> PromQlTemplate.render("x > {{args.t}}", Map.of("t", "s3cr3t value")))
        .message().doesNotContain("s3cr3t");
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
