package dev.sluice.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricValueTest {
  @Test
  void formatsLikePrometheus() {
    assertThat(MetricValue.format(Double.NaN)).isEqualTo("NaN");
    assertThat(MetricValue.format(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(MetricValue.format(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
    assertThat(MetricValue.format(0.0)).isEqualTo("0");
    assertThat(MetricValue.format(-0.0)).isEqualTo("0");
    assertThat(MetricValue.format(42.0)).isEqualTo("42");
    assertThat(MetricValue.format(0.995)).isEqualTo("0.995");
    assertThat(MetricValue.format(1e-7)).isEqualTo("0.0000001");
  }

  @Test
  void displays() {
    assertThat(MetricValue.scalar(0.5).display()).isEqualTo("0.5");
    assertThat(MetricValue.vector(1, Double.NaN).display()).isEqualTo("[1,NaN]");
    assertThat(MetricValue.series().display()).isEqualTo("[]");
  }

  @Test
  void scalarHasExactlyOneValue() {
    assertThatThrownBy(() -> new MetricValue(MetricValue.Kind.SCALAR, List.of(), "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void flags() {
    assertThat(MetricValue.vector().isEmpty()).isTrue();
    assertThat(MetricValue.vector(1).isEmpty()).isFalse();
    assertThat(MetricValue.vector(1, Double.NaN).hasNaN()).isTrue();
    assertThat(MetricValue.scalar(Double.POSITIVE_INFINITY).hasNaN()).isFalse();
  }
}
