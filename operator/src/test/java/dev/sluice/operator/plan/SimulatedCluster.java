package dev.sluice.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.PodTemplateMetadata;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.status.Conditions;
import dev.sluice.operator.status.StatusWriter;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A simulated cluster for a strategy's planner: ReplicaSets, AnalysisRuns, the Rollout (spec and status) and a
 * clock; a strategy's world adds its Services and router. {@link #reconcile()} observes the world, plans, applies
 * the plan's actions as the real applier would, writes the plan's status back, and checks what must hold after
 * every reconcile: the planner did not touch its input, planning is deterministic, and the kstatus conditions
 * match the phase. {@link #settle()} reconciles like an event-driven controller while the clock stands still.
 *
 * @param <W> the strategy's world, so that the fluent calls keep its type
 */
public abstract class SimulatedCluster<W extends SimulatedCluster<W>> {
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  /** The longest requeue that counts as "the controller comes right back" (the analysis recheck). */
  public static final Duration SHORT_REQUEUE = Defaults.ANALYSIS_RECHECK;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** When pods of a scaled-up ReplicaSet become available. */
  public enum Availability {
    /** As soon as the scale is applied. */
    INSTANT,
    /** Just before the next reconcile: right after a plan is applied, new pods are not yet available. */
    NEXT_RECONCILE,
    /** Only when the test calls {@link #makeAvailable}. */
    MANUAL
  }

  /** One ReplicaSet. */
  public static final class Pods {
    public final String hash;
    /** Whole seconds, as the API server stamps it: revisions created in the same second tie. */
    public final Instant createdAt;
    /** Its place in the history, as PlanActions numbers a new ReplicaSet. */
    public final long sequence;
    public int desired;
    /** The pods that exist and are not leaving: the ReplicaSet's status.replicas. */
    public int current;
    public int available;
    public Instant scaleDownAt;
    /** The role metadata its pods carry (SetRoleMetadata); null for none. */
    public PodTemplateMetadata role;

    public Pods(String hash, Instant createdAt, long sequence) {
      this.hash = hash;
      this.createdAt = createdAt;
      this.sequence = sequence;
    }

    Revision revision() {
      return new Revision(hash, desired, current, available, available, createdAt, scaleDownAt, sequence);
    }

    @Override
    public String toString() {
      return hash + "=" + desired + (current > desired ? "(+" + (current - desired) + " leaving)" : "") + "/" + available
          + (scaleDownAt == null ? "" : "@" + scaleDownAt) + (role == null ? "" : "{" + role.labels + role.annotations + "}");
    }
  }

  public final Rollout rollout;
  public final int replicas;
  public String desiredHash;
  public Instant now = T0;
  public boolean pausedByAnnotation;
  public Availability availability = Availability.INSTANT;
  /**
   * When true, the pods a scale-down removes still exist and serve (status.replicas and availableReplicas still
   * count them) until the test calls {@link #letPodsLeave}, as when the ReplicaSet controller has not acted yet.
   */
  public boolean podsLeaveLate;

  public final Map<String, Pods> revisions = new LinkedHashMap<>();
  public final Map<String, RunState> runs = new LinkedHashMap<>();
  /** Reconciles before a created AnalysisRun shows in the observation (an informer cache that lags). */
  public int runCreationLag;
  private final Map<String, Integer> creatingRuns = new LinkedHashMap<>();

  /** Everything that happened, in order. */
  public final List<Plan> plans = new ArrayList<>();
  public final List<Plan.Event> events = new ArrayList<>();
  public final List<String> startedRuns = new ArrayList<>();
  public final List<String> terminatedRuns = new ArrayList<>();
  /** The spec.replicas of the Deployment workloadRef names (ScaleWorkload), and each change of it. */
  public int workloadReplicas;
  public final List<Integer> workloadScaleHistory = new ArrayList<>();
  /** Each change of a revision's desired replicas, by hash. */
  public final Map<String, List<Integer>> scaleHistory = new TreeMap<>();

  private long creations;
  /** Whether the last reconcile changed anything (world or status). */
  private boolean lastChanged;
  /** Whether the last reconcile changed the world or the status beyond message texts and the verified flag. */
  private boolean lastChangedMeaningfully;
  /** Whether the last reconcile changed an object the controller watches. */
  private boolean lastTriggered;

  protected SimulatedCluster(Rollout rollout) {
    this.rollout = rollout;
    this.replicas = Defaults.replicas(rollout.getSpec());
  }

  // --- what the strategy's world says -------------------------------------------------------------------

  /** The strategy's planner. */
  protected abstract Plan plan(Observation observation);

  /** What the router verification reports. */
  protected abstract WeightCheck weightCheck();

  /** Applies an action only this strategy has (Services, router); fails for an action it does not know. */
  protected abstract void applyOwn(Action action);

  /** Where the strategy's Services point: objects the controller watches. */
  protected abstract String services();

  /** What the strategy's router carries (weights, routes): not watched by the controller; empty without one. */
  protected String router() {
    return "";
  }

  /** Checks what must hold after each of this strategy's reconciles. */
  protected void afterReconcile(Plan plan) {
  }

  @SuppressWarnings("unchecked")
  protected final W self() {
    return (W) this;
  }

  // --- what a person or Git does -------------------------------------------------------------------------

  /** The spec's pod template changes to the one whose hash is given. */
  public W deploy(String hash) {
    desiredHash = hash;
    rollout.getMetadata().setGeneration(rollout.getMetadata().getGeneration() + 1);
    return self();
  }

  public W abort() {
    status().abort = true;
    return self();
  }

  public W retry() {
    status().abort = false;
    return self();
  }

  /** kubectl sluice promote: clears pauseConditions (and spec.paused). */
  public W promote() {
    status().pauseConditions = null;
    rollout.getSpec().paused = null;
    return self();
  }

  public W promoteFull() {
    status().promoteFull = true;
    return self();
  }

  public W pauseSpec(boolean paused) {
    rollout.getSpec().paused = paused ? Boolean.TRUE : null;
    rollout.getMetadata().setGeneration(rollout.getMetadata().getGeneration() + 1);
    return self();
  }

  public W advance(Duration duration) {
    now = now.plus(duration);
    return self();
  }

  public W advanceSeconds(long seconds) {
    return advance(Duration.ofSeconds(seconds));
  }

  /** The analysis controller decides a run. */
  public W run(String name, AnalysisPhase phase, String message) {
    assertThat(runs).as("AnalysisRun %s exists", name).containsKey(name);
    runs.put(name, new RunState(name, phase, message));
    return self();
  }

  /** The ReplicaSet controller caught up: the pods of every scale-down are gone (see {@link #podsLeaveLate}). */
  public W letPodsLeave() {
    revisions.values().forEach(p -> {
      p.current = p.desired;
      p.available = Math.min(p.available, p.desired);
    });
    return self();
  }

  public W makeAvailable(String hash) {
    Pods pods = revisions.get(hash);
    pods.available = pods.desired;
    return self();
  }

  // --- the control loop ----------------------------------------------------------------------------------

  public RolloutStatus status() {
    if (rollout.getStatus() == null) {
      rollout.setStatus(new RolloutStatus());
    }
    return rollout.getStatus();
  }

  public Observation observe() {
    Map<String, Revision> observed = new LinkedHashMap<>();
    revisions.values().forEach(p -> observed.put(p.hash, p.revision()));
    return new Observation(rollout, desiredHash, observed, weightCheck(), new LinkedHashMap<>(runs),
        pausedByAnnotation, now);
  }

  /** Plans without applying anything. */
  public Plan plan() {
    return plan(observe());
  }

  /** One reconcile: observe, plan, apply the actions, write the status; returns the plan. */
  public Plan reconcile() {
    if (!podsLeaveLate) {
      letPodsLeave();
    }
    if (availability == Availability.NEXT_RECONCILE) {
      revisions.values().forEach(p -> p.available = p.desired);
    }
    creatingRuns.replaceAll((name, left) -> left - 1);
    creatingRuns.entrySet().removeIf(e -> {
      if (e.getValue() <= 0) {
        runs.putIfAbsent(e.getKey(), new RunState(e.getKey(), AnalysisPhase.Pending, null));
        return true;
      }
      return false;
    });
    String before = snapshot();
    String meaningfulBefore = meaningful();
    String watchedBefore = watched();
    String rolloutBefore = json(rollout);
    Observation observation = observe();
    Plan plan = plan(observation);
    assertThat(json(rollout)).as("the planner must not modify the observed Rollout").isEqualTo(rolloutBefore);
    Plan again = plan(observation);
    assertThat(again.actions()).as("planning is deterministic").isEqualTo(plan.actions());
    assertThat(again.events()).isEqualTo(plan.events());
    assertThat(again.requeueAfter()).isEqualTo(plan.requeueAfter());
    assertThat(json(again.status())).isEqualTo(json(plan.status()));

    plan.actions().forEach(this::apply);
    rollout.setStatus(StatusWriter.copyOf(plan.status()));
    plans.add(plan);
    events.addAll(plan.events());
    assertConditionsMatchPhase();
    afterReconcile(plan);
    lastChanged = !snapshot().equals(before);
    lastChangedMeaningfully = !meaningful().equals(meaningfulBefore);
    lastTriggered = !watched().equals(watchedBefore);
    return plan;
  }

  /**
   * What an event-driven controller does while the clock stands still. It reconciles again after a change to an
   * object it watches (ReplicaSets, AnalysisRuns, Services), never because of its own status write. Once nothing
   * triggers, a resync probe reconciles once more: if the probe changes anything, the previous plan must have asked
   * for a short requeue (otherwise that work had no trigger); if it changes nothing, it must emit no Event (an Event
   * belongs to a transition) and start no AnalysisRun.
   */
  public Plan settle() {
    boolean probe = false;
    Plan previous = null;
    String statusBefore = json(rollout.getStatus());
    for (int i = 0; i < 100; i++) {
      Plan plan = reconcile();
      if (!lastChanged) {
        assertThat(plan.events()).as("Events of a reconcile that changed nothing (repeated Events)").isEmpty();
        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.StartAnalysis);
        return plan;
      }
      if (probe && lastChangedMeaningfully) {
        Plan left = previous;
        assertThat(left.requeueAfter())
            .as("work left without a trigger or a short requeue: %s was followed by %s (%s) in %s", left.actions(),
                plan.actions(), plan.events(), summary())
            .hasValueSatisfying(d -> assertThat(d).isLessThanOrEqualTo(SHORT_REQUEUE));
      }
      probe = !lastTriggered;
      previous = plan;
      statusBefore = json(rollout.getStatus());
    }
    return fail("the world did not settle: " + this + " " + statusBefore);
  }

  /** Waits out the settled plan's requeueAfter, then settles again. */
  public Plan followRequeue() {
    Plan last = plans.get(plans.size() - 1);
    assertThat(last.requeueAfter()).as("the last plan asks to be requeued").isPresent();
    advance(last.requeueAfter().get());
    return settle();
  }

  /** Whether the last reconcile changed anything in the world or the status. */
  public boolean changed() {
    return lastChanged;
  }

  public void forgetHistory() {
    plans.clear();
    events.clear();
    startedRuns.clear();
    terminatedRuns.clear();
    scaleHistory.clear();
  }

  /** Applies an action as the real applier does: idempotent, and a scheduled scale-down is not moved. */
  private void apply(Action action) {
    if (action instanceof Action.ScaleRevision s) {
      Pods pods = revisions.computeIfAbsent(s.hash(), h -> new Pods(h, now.truncatedTo(ChronoUnit.SECONDS), ++creations));
      if (pods.desired != s.replicas() || !scaleHistory.containsKey(s.hash())) {
        scaleHistory.computeIfAbsent(s.hash(), h -> new ArrayList<>()).add(s.replicas());
      }
      boolean leavingLate = podsLeaveLate && s.replicas() < pods.current;
      pods.desired = s.replicas();
      pods.scaleDownAt = null;
      if (!leavingLate) {
        pods.current = pods.desired;
        pods.available = availability == Availability.INSTANT ? pods.desired : Math.min(pods.available, pods.desired);
      }
    } else if (action instanceof Action.ScheduleScaleDown s) {
      Pods pods = revisions.get(s.hash());
      if (pods != null && pods.scaleDownAt == null) {
        pods.scaleDownAt = s.at();
      }
    } else if (action instanceof Action.DeleteRevision d) {
      Pods removed = revisions.remove(d.hash());
      assertThat(removed).as("deleted revision %s exists", d.hash()).isNotNull();
      assertThat(removed.desired).as("only zero-replica revisions are deleted").isZero();
    } else if (action instanceof Action.StartAnalysis s) {
      startedRuns.add(s.runName());
      if (runCreationLag == 0) {
        runs.putIfAbsent(s.runName(), new RunState(s.runName(), AnalysisPhase.Pending, null));
      } else if (!runs.containsKey(s.runName())) {
        creatingRuns.putIfAbsent(s.runName(), runCreationLag);
      }
    } else if (action instanceof Action.ScaleWorkload w) {
      assertThat(rollout.getSpec().workloadRef).as("ScaleWorkload without workloadRef").isNotNull();
      if (w.replicas() != workloadReplicas) {
        workloadReplicas = w.replicas();
        workloadScaleHistory.add(w.replicas());
      }
    } else if (action instanceof Action.SetRoleMetadata m) {
      Pods pods = revisions.get(m.hash());
      assertThat(pods).as("role metadata for revision %s that exists", m.hash()).isNotNull();
      pods.role = m.metadata();
    } else if (action instanceof Action.TerminateAnalysis t) {
      terminatedRuns.add(t.runName());
      RunState run = runs.get(t.runName());
      if (run != null && !run.phase().completed()) {
        runs.put(t.runName(), new RunState(t.runName(), AnalysisPhase.Successful, "terminated"));
      }
    } else {
      applyOwn(action);
    }
  }

  // --- what a user checks --------------------------------------------------------------------------------

  public RolloutPhase phase() {
    return status().phase;
  }

  public int desired(String hash) {
    Pods pods = revisions.get(hash);
    return pods == null ? 0 : pods.desired;
  }

  /** The role labels the revision's pods carry (empty for none). */
  public Map<String, String> roleLabels(String hash) {
    Pods pods = revisions.get(hash);
    return pods == null || pods.role == null || pods.role.labels == null ? Map.of() : pods.role.labels;
  }

  public Map<String, String> roleAnnotations(String hash) {
    Pods pods = revisions.get(hash);
    return pods == null || pods.role == null || pods.role.annotations == null ? Map.of() : pods.role.annotations;
  }

  public Instant scaleDownAt(String hash) {
    return revisions.get(hash).scaleDownAt;
  }

  public List<PauseCondition.Reason> pauses() {
    return status().pauseConditions == null ? List.of() : status().pauseConditions.stream().map(p -> p.reason).toList();
  }

  public Optional<Condition> condition(String type) {
    return Conditions.find(status().conditions, type);
  }

  public String conditionStatus(String type) {
    return condition(type).map(Condition::getStatus).orElse(null);
  }

  public String conditionReason(String type) {
    return condition(type).map(Condition::getReason).orElse(null);
  }

  public Plan lastPlan() {
    return plans.get(plans.size() - 1);
  }

  public List<String> eventReasons() {
    return events.stream().map(Plan.Event::reason).toList();
  }

  public List<Action> allActions() {
    return plans.stream().flatMap(p -> p.actions().stream()).toList();
  }

  /** kstatus: Ready only when Healthy, Stalled only when Degraded, Reconciling while Progressing or Paused. */
  public void assertConditionsMatchPhase() {
    RolloutPhase phase = phase();
    assertThat(phase).as("phase").isNotNull();
    List<Condition> conditions = status().conditions;
    assertThat(Conditions.isTrue(conditions, Conditions.READY)).as("Ready in %s", phase).isEqualTo(phase == RolloutPhase.Healthy);
    assertThat(Conditions.isTrue(conditions, Conditions.STALLED)).as("Stalled in %s", phase).isEqualTo(phase == RolloutPhase.Degraded);
    assertThat(Conditions.isTrue(conditions, Conditions.RECONCILING)).as("Reconciling in %s", phase)
        .isEqualTo(phase == RolloutPhase.Progressing || phase == RolloutPhase.Paused);
    assertThat(Conditions.isTrue(conditions, Conditions.PAUSED)).as("Paused in %s", phase).isEqualTo(phase == RolloutPhase.Paused);
    assertThat(status().pauseConditions == null || status().pauseConditions.isEmpty())
        .as("pauseConditions %s in %s", status().pauseConditions, phase).isEqualTo(phase != RolloutPhase.Paused);
    assertThat(status().observedGeneration).isEqualTo(rollout.getMetadata().getGeneration());
    for (Condition condition : conditions) {
      assertThat(condition.getStatus()).isIn("True", "False");
      assertThat(condition.getReason()).as("reason of %s", condition.getType()).isNotBlank();
      assertThat(condition.getLastTransitionTime()).isNotNull();
    }
  }

  /** A short description of the world for failure messages. */
  public String summary() {
    RolloutStatus status = status();
    return "now=" + now + " revisions=" + revisions.values() + " router=" + router() + " services=" + services()
        + " runs=" + runs.values() + " phase=" + status.phase + " step=" + status.currentStepIndex + " message=" + status.message + " pause="
        + pauses() + " abort=" + status.abort;
  }

  /** What the controller watches: ReplicaSets, Services, AnalysisRuns. */
  private String watched() {
    return revisions.values() + "|" + services() + "|" + runs;
  }

  /** The world and the status without message texts (and, for the canary, the verified flag). */
  private String meaningful() {
    RolloutStatus copy = StatusWriter.copyOf(rollout.getStatus());
    copy.message = null;
    if (copy.canary != null && copy.canary.weights != null) {
      copy.canary.weights.verified = null;
    }
    copy.conditions.forEach(c -> c.setMessage(null));
    return revisions.values() + "|" + router() + "|" + services() + "|" + runs + "|" + json(copy);
  }

  private String snapshot() {
    return revisions.values() + "|" + router() + "|" + services() + "|" + runs + "|" + json(rollout.getStatus());
  }

  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "now=" + now + " revisions=" + revisions.values() + " router=" + router() + " services=" + services()
        + " runs=" + runs.values() + " status=" + json(rollout.getStatus());
  }
}
