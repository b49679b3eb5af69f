package dev.sluice.analysis.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  @Test
  void rfc3339InUtcWithMilliseconds() {
    assertThat(Timestamps.format(Instant.parse("2024-05-01T10:00:00Z"))).isEqualTo("2024-05-01T10:00:00Z");
    assertThat(Timestamps.format(Instant.parse("2024-05-01T10:00:00.123456789Z"))).isEqualTo("2024-05-01T10:00:00.123Z");
  }

  @Test
  void parsesAnyOffsetAndToleratesGarbage() {
    assertThat(Timestamps.parse("2024-05-01T12:00:00+02:00")).isEqualTo(Instant.parse("2024-05-01T10:00:00Z"));
    assertThat(Timestamps.parse("2024-05-01T10:00:00.5Z")).isEqualTo(Instant.parse("2024-05-01T10:00:00.500Z"));
    assertThat(Timestamps.parse("yesterday")).isNull();
    assertThat(Timestamps.parse(null)).isNull();
    assertThat(Timestamps.parse(" ")).isNull();
  }
}
