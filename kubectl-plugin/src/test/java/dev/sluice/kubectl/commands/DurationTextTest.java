package dev.sluice.kubectl.commands;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationTextTest {
  @ParameterizedTest
  @CsvSource({"0, 0s", "250, 250ms", "1500, 1.5s", "2000, 2s", "90000, 1m30s", "3600000, 1h", "5430000, 1h30m30s"})
  void printsDurationsAsTheyAreTyped(long millis, String expected) {
    assertThat(DurationText.of(Duration.ofMillis(millis))).isEqualTo(expected);
  }
}
