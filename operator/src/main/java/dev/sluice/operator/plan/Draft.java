package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.RolloutStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The plan being decided in one pass: the status under construction, the actions, Events and the requeue. Actions
 * are collected as decided; {@link #plan()} drops the ones a later action supersedes, by one rule for every strategy.
 */
public final class Draft {
  private final RolloutStatus status;
  private final List<Action> actions = new ArrayList<>();
  private final List<Plan.Event> events = new ArrayList<>();
  private Optional<Duration> requeue = Optional.empty();

  public Draft(RolloutStatus status) {
    this.status = status;
  }

  public RolloutStatus status() {
    return status;
  }

  public void add(Action action) {
    actions.add(action);
  }

  public void event(String reason, String message) {
    events.add(new Plan.Event(false, reason, message));
  }

  public void warning(String reason, String message) {
    events.add(new Plan.Event(true, reason, message));
  }

  /** Look again after delay at the latest (the shortest of all asked for; never zero). */
  public void requeueIn(Duration delay) {
    Duration positive = delay.isNegative() || delay.isZero() ? Duration.ofSeconds(1) : delay;
    requeue = Optional.of(requeue.map(r -> r.compareTo(positive) < 0 ? r : positive).orElse(positive));
  }

  /** When the revision scales down: as scheduled in this draft, else as the cluster has it. */
  public Instant scaleDownAt(Revision revision) {
    Instant at = revision.scaleDownAt();
    for (Action action : actions) {
      if (action instanceof Action.ScheduleScaleDown s && s.hash().equals(revision.hash())) {
        at = s.at();
      }
    }
    return at;
  }

  /** The revisions there are once the plan is applied: the observed ones, the ones it creates, less the deleted. */
  public Set<String> revisionsAfter(Set<String> observed) {
    Set<String> hashes = new LinkedHashSet<>(observed);
    for (Action action : actions) {
      if (action instanceof Action.ScaleRevision s) {
        hashes.add(s.hash());
      } else if (action instanceof Action.DeleteRevision d) {
        hashes.remove(d.hash());
      }
    }
    return hashes;
  }

  public Plan plan() {
    return new Plan(consolidated(actions), status, List.copyOf(events), requeue);
  }

  /**
   * Drops actions a later one supersedes: earlier scales and scale-down schedules of the same revision, earlier
   * weights and Service pointings, and repeats of the same action, keeping each last occurrence in its place.
   */
  public static List<Action> consolidated(List<Action> actions) {
    List<Action> kept = new ArrayList<>();
    for (int i = 0; i < actions.size(); i++) {
      Action action = actions.get(i);
      boolean superseded = false;
      for (int j = i + 1; j < actions.size() && !superseded; j++) {
        superseded = supersedes(actions.get(j), action);
      }
      if (!superseded) {
        kept.add(action);
      }
    }
    return List.copyOf(kept);
  }

  private static boolean supersedes(Action later, Action earlier) {
    if (later instanceof Action.ScaleRevision l && earlier instanceof Action.ScaleRevision e) {
      return l.hash().equals(e.hash());
    }
    if (later instanceof Action.ScheduleScaleDown l && earlier instanceof Action.ScheduleScaleDown e) {
      return l.hash().equals(e.hash());
    }
    if (later instanceof Action.PointService l && earlier instanceof Action.PointService e) {
      return l.service().equals(e.service());
    }
    if (later instanceof Action.SetRoleMetadata l && earlier instanceof Action.SetRoleMetadata e) {
      return l.hash().equals(e.hash());
    }
    return later.equals(earlier) || later.getClass() == earlier.getClass() && (later instanceof Action.SetWeight
        || later instanceof Action.PointServices || later instanceof Action.PointActiveAndPreview);
  }
}
