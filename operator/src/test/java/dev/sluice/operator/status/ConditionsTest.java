package dev.sluice.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant T1 = Instant.parse("2026-01-01T00:05:00Z");

  @Test
  void lastTransitionTimeMovesOnlyWhenTheStatusChanges() {
    List<Condition> conditions = new ArrayList<>();
    assertThat(Conditions.set(conditions, "Ready", false, "Progressing", "step 1", 1L, T0)).isTrue();
    assertThat(Conditions.set(conditions, "Ready", false, "Progressing", "step 2", 2L, T1)).isFalse();
    Condition ready = Conditions.find(conditions, "Ready").orElseThrow();
    assertThat(ready.getLastTransitionTime()).isEqualTo(T0.toString());
    assertThat(ready.getMessage()).isEqualTo("step 2");
    assertThat(ready.getObservedGeneration()).isEqualTo(2L);

    assertThat(Conditions.set(conditions, "Ready", true, "Healthy", "", 2L, T1)).isTrue();
    assertThat(Conditions.find(conditions, "Ready").orElseThrow().getLastTransitionTime()).isEqualTo(T1.toString());
    assertThat(conditions).hasSize(1);
  }

  @Test
  void isTrueReadsTheStatus() {
    List<Condition> conditions = new ArrayList<>();
    Conditions.set(conditions, "Stalled", true, "InvalidSpec", "bad", 1L, T0);
    assertThat(Conditions.isTrue(conditions, "Stalled")).isTrue();
    assertThat(Conditions.isTrue(conditions, "Ready")).isFalse();
  }
}
