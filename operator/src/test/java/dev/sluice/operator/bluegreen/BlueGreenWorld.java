package dev.sluice.operator.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.plan.Action;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Revision;
import dev.sluice.operator.plan.RunState;
import dev.sluice.operator.status.Conditions;
import dev.sluice.operator.status.StatusWriter;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A simulated cluster for the blue-green planner: ReplicaSets, the active and preview Services, AnalysisRuns, the
 * Rollout and a clock. {@link #reconcile()} observes, plans, applies and writes status back, and checks after every
 * reconcile what must always hold: the planner did not touch its input, planning is deterministic, kstatus
 * conditions match the phase, and the active Service only ever moves to a revision that is fully available.
 */
final class BlueGreenWorld {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One ReplicaSet. */
  static final class Pods {
    final String hash;
    final Instant createdAt;
    int desired;
    int available;
    Instant scaleDownAt;

    Pods(String hash, Instant createdAt) {
      this.hash = hash;
      this.createdAt = createdAt;
    }

    @Override
    public String toString() {
      return hash + "=" + desired + "/" + available + (scaleDownAt == null ? "" : "@" + scaleDownAt);
    }
  }

  final Rollout rollout;
  final int replicas;
  String desiredHash;
  Instant now = T0;
  boolean pausedByAnnotation;
  /** False: pods become available only through {@link #makeAvailable}. */
  boolean instantPods = true;

  final Map<String, Pods> revisions = new LinkedHashMap<>();
  String activeHash;
  String previewHash;
  final Map<String, RunState> runs = new LinkedHashMap<>();

  final List<Plan> plans = new ArrayList<>();
  final List<Plan.Event> events = new ArrayList<>();
  final List<String> startedRuns = new ArrayList<>();
  final List<String> terminatedRuns = new ArrayList<>();
  /** Each hash the active Service moved to, in order. */
  final List<String> activeHistory = new ArrayList<>();
  private long creations;
  private boolean lastChanged;

  BlueGreenWorld(Rollout rollout) {
    this.rollout = rollout;
    this.replicas = rollout.getSpec().replicas;
  }

  /** A world whose rollout runs hash as its stable, active revision, settled and Healthy. */
  static BlueGreenWorld stable(Rollout rollout, String hash) {
    BlueGreenWorld world = new BlueGreenWorld(rollout);
    world.deploy(hash).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    world.forgetHistory();
    return world;
  }

  // --- what a person or Git does -------------------------------------------------------------------------

  BlueGreenWorld deploy(String hash) {
    desiredHash = hash;
    rollout.getMetadata().setGeneration(rollout.getMetadata().getGeneration() + 1);
    return this;
  }

  BlueGreenWorld abort() {
    status().abort = true;
    return this;
  }

  BlueGreenWorld retry() {
    status().abort = false;
    return this;
  }

  /** kubectl sluice promote: clears pauseConditions (and spec.paused). */
  BlueGreenWorld promote() {
    status().pauseConditions = null;
    rollout.getSpec().paused = null;
    return this;
  }

  BlueGreenWorld promoteFull() {
    status().promoteFull = true;
    return this;
  }

  BlueGreenWorld pauseSpec(boolean paused) {
    rollout.getSpec().paused = paused ? Boolean.TRUE : null;
    rollout.getMetadata().setGeneration(rollout.getMetadata().getGeneration() + 1);
    return this;
  }

  BlueGreenWorld advanceSeconds(long seconds) {
    now = now.plusSeconds(seconds);
    return this;
  }

  /** The analysis controller decides a run. */
  BlueGreenWorld run(String name, AnalysisPhase phase, String message) {
    assertThat(runs).as("AnalysisRun %s exists", name).containsKey(name);
    runs.put(name, new RunState(name, phase, message));
    return this;
  }

  BlueGreenWorld makeAvailable(String hash) {
    Pods pods = revisions.get(hash);
    pods.available = pods.desired;
    return this;
  }

  // --- the control loop ----------------------------------------------------------------------------------

  RolloutStatus status() {
    if (rollout.getStatus() == null) {
      rollout.setStatus(new RolloutStatus());
    }
    return rollout.getStatus();
  }

  Observation observe() {
    Map<String, Revision> observed = new LinkedHashMap<>();
    revisions.values().forEach(p -> observed.put(p.hash,
        new Revision(p.hash, p.desired, p.available, p.available, p.createdAt, p.scaleDownAt)));
    return new Observation(rollout, desiredHash, observed, null, new LinkedHashMap<>(runs), pausedByAnnotation, now);
  }

  Plan reconcile() {
    String before = snapshot();
    String rolloutBefore = json(rollout);
    Observation observation = observe();
    Plan plan = BlueGreenPlanner.plan(observation);
    assertThat(json(rollout)).as("the planner must not modify the observed Rollout").isEqualTo(rolloutBefore);
    Plan again = BlueGreenPlanner.plan(observation);
    assertThat(again.actions()).as("planning is deterministic").isEqualTo(plan.actions());
    assertThat(again.events()).isEqualTo(plan.events());
    assertThat(again.requeueAfter()).isEqualTo(plan.requeueAfter());
    assertThat(json(again.status())).isEqualTo(json(plan.status()));

    plan.actions().forEach(this::apply);
    rollout.setStatus(StatusWriter.copyOf(plan.status()));
    plans.add(plan);
    events.addAll(plan.events());
    assertConditionsMatchPhase();
    assertThat(status().blueGreen.activeSelector).as("status names the hash active selects").isEqualTo(activeHash);
    lastChanged = !snapshot().equals(before);
    return plan;
  }

  /** Reconciles until nothing changes; a reconcile that changes nothing must emit no Event and start no run. */
  Plan settle() {
    for (int i = 0; i < 100; i++) {
      Plan plan = reconcile();
      if (!lastChanged) {
        assertThat(plan.events()).as("Events of a reconcile that changed nothing (repeated Events)").isEmpty();
        assertThat(plan.actions()).noneMatch(a -> a instanceof Action.StartAnalysis);
        return plan;
      }
    }
    return fail("the world did not settle: " + this);
  }

  /** Waits out the last plan's requeueAfter, then settles again. */
  Plan followRequeue() {
    Plan last = plans.get(plans.size() - 1);
    assertThat(last.requeueAfter()).as("the last plan asks to be requeued").isPresent();
    now = now.plus(last.requeueAfter().get());
    return settle();
  }

  void forgetHistory() {
    plans.clear();
    events.clear();
    startedRuns.clear();
    terminatedRuns.clear();
    activeHistory.clear();
  }

  private void apply(Action action) {
    if (action instanceof Action.ScaleRevision s) {
      Pods pods = revisions.computeIfAbsent(s.hash(), h -> new Pods(h, now.plusNanos(++creations)));
      pods.desired = s.replicas();
      pods.scaleDownAt = null;
      pods.available = instantPods ? pods.desired : Math.min(pods.available, pods.desired);
    } else if (action instanceof Action.ScheduleScaleDown s) {
      Pods pods = revisions.get(s.hash());
      if (pods != null && pods.scaleDownAt == null) {
        pods.scaleDownAt = s.at();
      }
    } else if (action instanceof Action.DeleteRevision d) {
      Pods removed = revisions.remove(d.hash());
      assertThat(removed).as("deleted revision %s exists", d.hash()).isNotNull();
      assertThat(removed.desired).as("only zero-replica revisions are deleted").isZero();
    } else if (action instanceof Action.PointActiveAndPreview p) {
      if (!p.activeHash().equals(activeHash)) {
        if (activeHash != null) {
          Pods target = revisions.get(p.activeHash());
          assertThat(target == null ? 0 : target.available)
              .as("active switches to %s only when all of it is available: %s", p.activeHash(), this)
              .isGreaterThanOrEqualTo(replicas);
        }
        activeHash = p.activeHash();
        activeHistory.add(activeHash);
      }
      previewHash = rollout.getSpec().strategy.blueGreen.previewService == null ? null : p.previewHash();
    } else if (action instanceof Action.StartAnalysis s) {
      startedRuns.add(s.runName());
      runs.putIfAbsent(s.runName(), new RunState(s.runName(), AnalysisPhase.Pending, null));
    } else if (action instanceof Action.TerminateAnalysis t) {
      terminatedRuns.add(t.runName());
      RunState run = runs.get(t.runName());
      if (run != null && !run.phase().completed()) {
        runs.put(t.runName(), new RunState(t.runName(), AnalysisPhase.Successful, "terminated"));
      }
    } else {
      fail("a blue-green plan holds no " + action);
    }
  }

  // --- what a user checks --------------------------------------------------------------------------------

  RolloutPhase phase() {
    return status().phase;
  }

  int desired(String hash) {
    Pods pods = revisions.get(hash);
    return pods == null ? 0 : pods.desired;
  }

  Instant scaleDownAt(String hash) {
    return revisions.get(hash).scaleDownAt;
  }

  String preRun() {
    return status().blueGreen.prePromotionAnalysisRun;
  }

  String postRun() {
    return status().blueGreen.postPromotionAnalysisRun;
  }

  List<PauseCondition.Reason> pauses() {
    return status().pauseConditions == null ? List.of() : status().pauseConditions.stream().map(p -> p.reason).toList();
  }

  Optional<Condition> condition(String type) {
    return Conditions.find(status().conditions, type);
  }

  String conditionReason(String type) {
    return condition(type).map(Condition::getReason).orElse(null);
  }

  Plan lastPlan() {
    return plans.get(plans.size() - 1);
  }

  List<String> eventReasons() {
    return events.stream().map(Plan.Event::reason).toList();
  }

  List<Action> allActions() {
    return plans.stream().flatMap(p -> p.actions().stream()).toList();
  }

  void assertConditionsMatchPhase() {
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
  }

  private String snapshot() {
    return revisions.values() + "|" + activeHash + "/" + previewHash + "|" + runs + "|" + json(rollout.getStatus());
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "now=" + now + " revisions=" + revisions.values() + " services=" + activeHash + "/" + previewHash + " runs="
        + runs.values() + " status=" + json(rollout.getStatus());
  }
}
