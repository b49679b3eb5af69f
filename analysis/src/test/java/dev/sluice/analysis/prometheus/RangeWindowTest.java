package dev.sluice.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RangeWindowTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

  private static PrometheusMetric.RangeQuery range(String start, String end, String step) {
    PrometheusMetric.RangeQuery range = new PrometheusMetric.RangeQuery();
    range.start = start;
    range.end = end;
    range.step = step;
    return range;
  }

  private static RangeWindow resolve(PrometheusMetric.RangeQuery range, Instant now) {
    return RangeWindow.resolve(range, Map.of("lookback", "10m", "bad", "soon"), now);
  }

  @Test
  void argoExpressionsAsItsDocsWriteThem() {
    RangeWindow window = resolve(range("now() - duration(\"5m\")", "now()", "30s"), NOW);
    assertThat(window.start()).isEqualTo(NOW.minusSeconds(300));
    assertThat(window.end()).isEqualTo(NOW);
    RangeWindow templated = resolve(range("now() - duration(\"{{args.lookback}}\")", "now()-duration('1m')", "1m"), NOW);
    assertThat(templated.start()).isEqualTo(NOW.minus(Duration.ofMinutes(10)));
    assertThat(templated.end()).isEqualTo(NOW.minus(Duration.ofMinutes(1)));
    RangeWindow sum = resolve(range(" now() - duration(\"1h\") + duration(`30m`) ", null, "1m"), NOW);
    assertThat(sum.start()).isEqualTo(NOW.minus(Duration.ofMinutes(30)));
    assertThat(resolve(range("now-{{args.lookback}}", null, "1m"), NOW).start())
        .isEqualTo(NOW.minus(Duration.ofMinutes(10)));
  }

  @Test
  void argoExpressionsOutsideTheSubsetAreRefused() {
    assertThatThrownBy(() -> resolve(range("now() - duration(\"{{args.bad}}\")", null, "1m"), NOW))
        .hasMessageStartingWith("rangeQuery.start: invalid duration \"soon\"");
    assertThatThrownBy(() -> resolve(range("now() - duration(\"{{args.missing}}\")", null, "1m"), NOW))
        .hasMessage("rangeQuery.start: argument \"missing\" has no value here");
    assertThatThrownBy(() -> resolve(range("date(\"2023-08-14\") - duration(\"1h\")", null, "1m"), NOW))
        .hasMessageContaining("must be \"now\", \"now-<duration>\" or Argo's now() - duration(\"<duration>\")");
    assertThatThrownBy(() -> resolve(range("now() - 5m", null, "1m"), NOW))
        .hasMessageContaining("must be \"now\"");
    assertThatThrownBy(() -> resolve(range("now() - duration(\"5m\")", "now() - duration(\"10m\")", "1m"), NOW))
        .hasMessageContaining("is after rangeQuery.end");
  }

  @Test
  void offsetsFromNow() {
    RangeWindow window = resolve(range("now-5m", null, "30s"), NOW);
    assertThat(window.start()).isEqualTo(NOW.minusSeconds(300));
    assertThat(window.end()).isEqualTo(NOW);
    assertThat(window.step()).isEqualTo(Duration.ofSeconds(30));

    RangeWindow compound = resolve(range("now-1h30m", "now-10m", "1m"), NOW);
    assertThat(compound.start()).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
    assertThat(compound.end()).isEqualTo(NOW.minus(Duration.ofMinutes(10)));
    assertThat(resolve(range("now", "now", "1s"), NOW).start()).isEqualTo(NOW);
  }

  @Test
  void invalidWindows() {
    assertThatThrownBy(() -> resolve(range("now-5m", "now-10m", "1m"), NOW))
        .hasMessage("rangeQuery.start (now-5m) is after rangeQuery.end (now-10m)");
    assertThatThrownBy(() -> resolve(range("5m", null, "1m"), NOW))
        .hasMessageContaining("rangeQuery.start must be \"now\", \"now-<duration>\"");
    assertThatThrownBy(() -> resolve(range("now-", null, "1m"), NOW))
        .hasMessageContaining("rangeQuery.start must be");
    assertThatThrownBy(() -> resolve(range("now-5x", null, "1m"), NOW))
        .hasMessageStartingWith("rangeQuery.start: invalid duration");
    assertThatThrownBy(() -> resolve(range("now-5m", null, "0s"), NOW))
        .hasMessage("rangeQuery.step must be positive");
    assertThatThrownBy(() -> resolve(range("now-5m", null, null), NOW))
        .hasMessage("rangeQuery.step is required");
  }
}
