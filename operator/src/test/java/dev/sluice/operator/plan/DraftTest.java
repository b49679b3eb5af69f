package dev.sluice.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DraftTest {
  static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void laterScalesOfTheSameRevisionWinInTheirPlace() {
    List<Action> actions = List.of(new Action.ScaleRevision("c", 1), new Action.ScaleRevision("s", 10),
        new Action.SetWeight(0), new Action.ScaleRevision("c", 3));
    assertThat(Draft.consolidated(actions)).containsExactly(new Action.ScaleRevision("s", 10),
        new Action.SetWeight(0), new Action.ScaleRevision("c", 3));
  }

  @Test
  void theLastWeightAndTheLastServicePointingWin() {
    List<Action> actions = List.of(new Action.SetWeight(0), new Action.PointServices("s", "c"),
        new Action.SetWeight(20), new Action.PointServices("c", "c"));
    assertThat(Draft.consolidated(actions)).containsExactly(new Action.SetWeight(20), new Action.PointServices("c", "c"));
  }

  @Test
  void repeatsCollapseAndDifferentActionsStay() {
    List<Action> actions = List.of(new Action.RemoveManagedRoutes(), new Action.TerminateAnalysis("a"),
        new Action.TerminateAnalysis("b"), new Action.RemoveManagedRoutes(), new Action.TerminateAnalysis("a"),
        new Action.ScheduleScaleDown("c", T), new Action.ScheduleScaleDown("c", T.plusSeconds(30)),
        new Action.ScheduleScaleDown("d", T), new Action.ScaleRevision("c", 0));
    assertThat(Draft.consolidated(actions)).containsExactly(new Action.TerminateAnalysis("b"),
        new Action.RemoveManagedRoutes(), new Action.TerminateAnalysis("a"), new Action.ScheduleScaleDown("c", T.plusSeconds(30)),
        new Action.ScheduleScaleDown("d", T), new Action.ScaleRevision("c", 0));
  }

  @Test
  void emptyStaysEmpty() {
    assertThat(Draft.consolidated(List.of())).isEmpty();
  }
}
