package dev.sluice.operator.restart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RestartRequestTest {
  static final String T1 = "2026-11-30T10:00:00Z";
  static final String T2 = "2026-11-30T11:00:00Z";

  @Test
  void specRestartAtAsArgoWritesItIsARequestUntilTheStatusRecordsIt() {
    assertThat(RestartRequest.pending(T1, null, null)).contains(new RestartRequest(T1, Instant.parse(T1)));
    assertThat(RestartRequest.pending(T1, null, T1)).isEmpty();
    assertThat(RestartRequest.pending(T2, null, T1)).as("a later restartAt is a new restart").isPresent();
  }

  @Test
  void theLaterOfSpecAndAnnotationWins() {
    assertThat(RestartRequest.pending(T1, T2, null).orElseThrow().text()).isEqualTo(T2);
    assertThat(RestartRequest.pending(T2, T1, null).orElseThrow().text()).isEqualTo(T2);
    assertThat(RestartRequest.pending(T2, T1, T2)).as("the older one is covered by the newer restart").isEmpty();
  }

  @Test
  void anOffsetTimeIsTheSameInstant() {
    assertThat(RestartRequest.pending("2026-11-30T12:00:00+02:00", null, T1)).as("12:00+02:00 is 10:00Z, done").isEmpty();
  }

  @Test
  void anInvalidAnnotationIsNamedAndLeavesTheSpecRequestStanding() {
    assertThat(RestartRequest.invalid(T1, "yesterday")).isEqualTo("yesterday");
    assertThat(RestartRequest.pending(T1, "yesterday", null).orElseThrow().text()).isEqualTo(T1);
    assertThat(RestartRequest.invalid(T1, T2)).isNull();
    assertThat(RestartRequest.pending(null, null, T1)).isEmpty();
  }

  @Test
  void anUnreadableStatusCountsAsNotDone() {
    assertThat(RestartRequest.pending(T1, null, "edited")).isPresent();
  }
}
