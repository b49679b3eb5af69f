package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.RolloutStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Old revisions leave the same way in both strategies: scaled down when their scale-down time comes (now, if none
 * was scheduled), and deleted once at zero beyond revisionHistoryLimit, newest kept.
 */
final class Retirement {
  private final Observation in;
  private final RolloutStatus status;
  private final Draft draft;
  private final Instant now;

  Retirement(Observation in, RolloutStatus status, Draft draft) {
    this.in = in;
    this.status = status;
    this.draft = draft;
    this.now = in.now();
  }

  /**
   * Every revision other than stable and the current one scales down when due and leaves after the history limit.
   * With scaleDownDelayRevisionLimit, as in Argo Rollouts, only that many of them (the newest) wait out their delay
   * with pods; the older ones scale down at once.
   */
  void retireOtherRevisions() {
    List<Revision> others = new ArrayList<>();
    for (Revision revision : in.revisions().values()) {
      if (!revision.hash().equals(status.stableRS) && !revision.hash().equals(status.currentPodHash)) {
        others.add(revision);
      }
    }
    others.sort(Revision.HISTORY_ORDER.reversed());
    Integer limit = Defaults.scaleDownDelayRevisionLimit(in.rollout().getSpec());
    int running = 0;
    for (Revision revision : others) {
      Instant at = draft.scaleDownAt(revision);
      if (revision.desired() > 0 && at == null) {
        draft.add(new Action.ScheduleScaleDown(revision.hash(), now));
        at = now;
      }
      if (revision.desired() > 0 && limit != null && ++running > limit) {
        at = now;
      }
      scaleDownWhenDue(revision, at);
    }
    // The aborted revision keeps its ReplicaSet until its scale-down time, then scales to zero too.
    Revision current = in.revisions().get(status.currentPodHash);
    if (current != null && !current.hash().equals(status.stableRS) && Boolean.TRUE.equals(status.abort)) {
      Instant at = draft.scaleDownAt(current);
      if (at != null) {
        scaleDownWhenDue(current, at);
      }
    }
    others.stream().filter(r -> r.desired() == 0)
        .skip(Defaults.revisionHistory(in.rollout().getSpec()))
        .forEach(r -> draft.add(new Action.DeleteRevision(r.hash())));
  }

  private void scaleDownWhenDue(Revision revision, Instant at) {
    if (revision.desired() == 0) {
      return;
    }
    if (!now.isBefore(at)) {
      draft.add(new Action.ScaleRevision(revision.hash(), 0));
    } else {
      draft.requeueIn(Duration.between(now, at));
    }
  }
}
