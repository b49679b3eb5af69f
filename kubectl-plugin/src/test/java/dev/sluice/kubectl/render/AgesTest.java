package dev.sluice.kubectl.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AgesTest {
  @ParameterizedTest
  @CsvSource({
      "0, 0s", "59, 59s", "119, 119s", "120, 2m", "330, 5m30s", "599, 9m59s", "600, 10m", "10799, 179m",
      "10800, 3h", "11700, 3h15m", "28800, 8h", "172799, 47h", "172800, 2d", "190800, 2d5h", "691200, 8d",
      "63071999, 729d", "63072000, 2y"})
  void printsAgesLikeKubectl(long seconds, String expected) {
    assertThat(Ages.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void aClockBehindTheServerGivesZeroNotANegativeAge() {
    assertThat(Ages.format(Duration.ofSeconds(-5))).isEqualTo("0s");
  }

  @Test
  void aMissingOrUnreadableTimestampIsADash() {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    assertThat(Ages.since(null, now)).isEqualTo("-");
    assertThat(Ages.since("yesterday", now)).isEqualTo("-");
    assertThat(Ages.since("2024-12-31T23:59:00Z", now)).isEqualTo("60s");
  }
}
