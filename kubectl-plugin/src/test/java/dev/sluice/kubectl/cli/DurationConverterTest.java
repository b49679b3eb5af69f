package dev.sluice.kubectl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  @ParameterizedTest
  @CsvSource({"0, 0", "30s, 30000", "1m30s, 90000", "2h, 7200000", "1.5s, 1500", "250ms, 250", "1h0m5s, 3605000"})
  void acceptsTheApisDurationsAndZero(String text, long millis) {
    assertThat(DurationConverter.parse(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"5", "-5s", "abc", "1d", "", "5 s"})
  void rejectsAnythingElseSayingWhatIsExpected(String text) {
    assertThatThrownBy(() -> DurationConverter.parse(text)).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("invalid duration").hasMessageContaining("e.g. 30s, 5m, 1h");
  }
}
