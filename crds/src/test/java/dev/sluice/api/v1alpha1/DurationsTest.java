package dev.sluice.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {
  @ParameterizedTest
  @CsvSource({"30s,30000", "5m,300000", "1h,3600000", "1m30s,90000", "250ms,250", "1.5s,1500", "0s,0"})
  void parsesGoStyleDurations(String text, long millis) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    assertThat(Durations.parseSecondsOrDuration(text)).isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @CsvSource({"30,30000", "0,0", "999999999,999999999000"})
  void readsABareNumberAsSecondsOnlyWhereTheFieldAllowsIt(String text, long millis) {
    assertThat(Durations.parseSecondsOrDuration(text)).isEqualTo(Duration.ofMillis(millis));
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5 m", "30.5", "-30", "1d", "-1s", "s"})
  void rejectsWhatTheCrdPatternsReject(String text) {
    assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(text);
    assertThatThrownBy(() -> Durations.parseSecondsOrDuration(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
