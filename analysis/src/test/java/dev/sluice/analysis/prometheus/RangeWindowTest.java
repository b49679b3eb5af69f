package dev.sluice.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.time.Duration;
import java.time.Instant;
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

  @Test
  void offsetsFromNow() {
    RangeWindow window = RangeWindow.resolve(range("now-5m", null, "30s"), NOW);
    assertThat(window.start()).isEqualTo(NOW.minusSeconds(300));
    assertThat(window.end()).isEqualTo(NOW);
    assertThat(window.step()).isEqualTo(Duration.ofSeconds(30));

    RangeWindow compound = RangeWindow.resolve(range("now-1h30m", "now-10m", "1m"), NOW);
    assertThat(compound.start()).isEqualTo(NOW.minus(Duration.ofMinutes(90)));
    assertThat(compound.end()).isEqualTo(NOW.minus(Duration.ofMinutes(10)));
    assertThat(RangeWindow.resolve(range("now", "now", "1s"), NOW).start()).isEqualTo(NOW);
  }

  @Test
  void invalidWindows() {
    assertThatThrownBy(() -> RangeWindow.resolve(range("now-5m", "now-10m", "1m"), NOW))
        .hasMessage("rangeQuery.start (now-5m) is after rangeQuery.end (now-10m)");
    assertThatThrownBy(() -> RangeWindow.resolve(range("5m", null, "1m"), NOW))
        .hasMessageContaining("rangeQuery.start must be \"now\" or \"now-<duration>\"");
    assertThatThrownBy(() -> RangeWindow.resolve(range("now-", null, "1m"), NOW))
        .hasMessageContaining("rangeQuery.start must be");
    assertThatThrownBy(() -> RangeWindow.resolve(range("now-5x", null, "1m"), NOW))
        .hasMessageStartingWith("rangeQuery.start: invalid duration");
    assertThatThrownBy(() -> RangeWindow.resolve(range("now-5m", null, "0s"), NOW))
        .hasMessage("rangeQuery.step must be positive");
    assertThatThrownBy(() -> RangeWindow.resolve(range("now-5m", null, null), NOW))
        .hasMessage("rangeQuery.step is required");
  }
}
