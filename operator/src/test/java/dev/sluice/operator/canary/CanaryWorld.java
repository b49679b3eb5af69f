package dev.sluice.operator.canary;

import dev.sluice.operator.plan.Defaults;
import dev.sluice.operator.plan.RunState;
import dev.sluice.operator.plan.Revision;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Action;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.status.Conditions;
import dev.sluice.operator.status.StatusWriter;
import io.fabric8.kubernetes.api.model.Condition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A simulated cluster for the canary planner: ReplicaSets, the router's live weight and managed routes, the two
 * Services, AnalysisRuns, the Rollout (spec and status) and a clock. {@link #reconcile()} observes the world, plans,
 * applies the plan's actions, writes the plan's status back, and checks what must hold after every reconcile:
 * the planner did not touch its input, planning is deterministic, and the kstatus conditions match the phase.
 */
final class CanaryWorld {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** When pods of a scaled-up ReplicaSet become available. */
  enum Availability {
    /** As soon as the scale is applied. */
    INSTANT,
    /** Just before the next reconcile: right after a plan is applied, new pods are not yet available. */
    NEXT_RECONCILE,
    /** Only when the test calls {@link #makeAvailable}. */
    MANUAL
  }

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

    Revision revision() {
      return new Revision(hash, desired, available, available, createdAt, scaleDownAt);
    }

    @Override
    public String toString() {
      return hash + "=" + desired + "/" + available + (scaleDownAt == null ? "" : "@" + scaleDownAt);
    }
  }

  final Rollout rollout;
  final boolean routed;
  String desiredHash;
  Instant now = T0;
  boolean pausedByAnnotation;
  Availability availability = Availability.INSTANT;

  final Map<String, Pods> revisions = new LinkedHashMap<>();
  /** The weight the router really carries (null until first set). */
  Integer routerWeight;
  /** When true the router ignores SetWeight, e.g. a misconfigured route. */
  boolean routerStuck;
  final Map<String, Object> headerRoutes = new TreeMap<>();
  final Map<String, Object> mirrorRoutes = new TreeMap<>();
  String stableServiceHash;
  String canaryServiceHash;
  final Map<String, RunState> runs = new LinkedHashMap<>();
  /** Reconciles before a created AnalysisRun shows in the observation (an informer cache that lags). */
  int runCreationLag;
  private final Map<String, Integer> creatingRuns = new LinkedHashMap<>();

  /** Everything that happened, in order. */
  final List<Plan> plans = new ArrayList<>();
  final List<Plan.Event> events = new ArrayList<>();
  final List<String> startedRuns = new ArrayList<>();
  final List<String> terminatedRuns = new ArrayList<>();
  /** Each change of the router's live weight. */
  final List<Integer> routerWeights = new ArrayList<>();
  /** Each change of a revision's desired replicas, by hash. */
  final Map<String, List<Integer>> scaleHistory = new TreeMap<>();
  /** The status canary weight after each reconcile that changed it. */
  final List<Integer> statusWeights = new ArrayList<>();

  /** Availability and surge seen right after each applied plan, while {@link #trackInvariants} is on. */
  boolean trackInvariants;
  int minAvailable = Integer.MAX_VALUE;
  int maxTotal = 0;

  private long creations;
  /** Whether the last reconcile changed anything (world or status). */
  private boolean lastChanged;
  /** Whether the last reconcile changed the world or the status beyond message texts and the verified flag. */
  private boolean lastChangedMeaningfully;
  /** Whether the last reconcile changed an object the controller watches. */
  private boolean lastTriggered;

  CanaryWorld(Rollout rollout) {
    this.rollout = rollout;
    this.routed = rollout.getSpec().strategy.canary.trafficRouting != null;
  }

  /** A world whose rollout already runs stable revision hash at full size, settled and Healthy. */
  static CanaryWorld stable(Rollout rollout, String hash) {
    CanaryWorld world = new CanaryWorld(rollout);
    world.deploy(hash).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    world.forgetHistory();
    return world;
  }

  // --- what a person or Git does -------------------------------------------------------------------------

  /** The spec's pod template changes to the one whose hash is given. */
  CanaryWorld deploy(String hash) {
    desiredHash = hash;
    rollout.getMetadata().setGeneration(rollout.getMetadata().getGeneration() + 1);
    return this;
  }

  CanaryWorld abort() {
    status().abort = true;
    return this;
  }

  CanaryWorld retry() {
    status().abort = false;
    return this;
  }

  /** kubectl sluice promote: clears pauseConditions (and spec.paused). */
  CanaryWorld promote() {
    status().pauseConditions = null;
    rollout.getSpec().paused = null;
    return this;
  }

  CanaryWorld promoteFull() {
    status().promoteFull = true;
    return this;
  }

  CanaryWorld pauseSpec(boolean paused) {
    rollout.getSpec().paused = paused ? Boolean.TRUE : null;
    rollout.getMetadata().setGeneration(rollout.getMetadata().getGeneration() + 1);
    return this;
  }

  CanaryWorld advance(Duration duration) {
    now = now.plus(duration);
    return this;
  }

  CanaryWorld advanceSeconds(long seconds) {
    return advance(Duration.ofSeconds(seconds));
  }

  /** The analysis controller decides a run. */
  CanaryWorld run(String name, AnalysisPhase phase, String message) {
    assertThat(runs).as("AnalysisRun %s exists", name).containsKey(name);
    runs.put(name, new RunState(name, phase, message));
    return this;
  }

  CanaryWorld makeAvailable(String hash) {
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
    revisions.values().forEach(p -> observed.put(p.hash, p.revision()));
    return new Observation(rollout, desiredHash, observed, weightVerified(), new LinkedHashMap<>(runs),
        pausedByAnnotation, now);
  }

  /** What the router verification reports: the live weight equals the canary weight recorded in status. */
  private Boolean weightVerified() {
    if (!routed) {
      return null;
    }
    RolloutStatus status = rollout.getStatus();
    Integer recorded = status == null || status.canary == null || status.canary.weights == null
        || status.canary.weights.canary == null ? null : status.canary.weights.canary.weight;
    return recorded != null && recorded.equals(routerWeight);
  }

  /** Plans without applying anything. */
  Plan plan() {
    return CanaryPlanner.plan(observe());
  }

  /** One reconcile: observe, plan, apply the actions, write the status; returns the plan. */
  Plan reconcile() {
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
    Plan plan = CanaryPlanner.plan(observation);
    assertThat(json(rollout)).as("the planner must not modify the observed Rollout").isEqualTo(rolloutBefore);
    Plan again = CanaryPlanner.plan(observation);
    assertThat(again.actions()).as("planning is deterministic").isEqualTo(plan.actions());
    assertThat(again.events()).isEqualTo(plan.events());
    assertThat(again.requeueAfter()).isEqualTo(plan.requeueAfter());
    assertThat(json(again.status())).isEqualTo(json(plan.status()));

    plan.actions().forEach(this::apply);
    rollout.setStatus(StatusWriter.copyOf(plan.status()));
    plans.add(plan);
    events.addAll(plan.events());
    Integer weight = weight();
    if (weight != null && (statusWeights.isEmpty() || !weight.equals(statusWeights.get(statusWeights.size() - 1)))) {
      statusWeights.add(weight);
    }
    if (trackInvariants) {
      int total = revisions.values().stream().mapToInt(p -> p.desired).sum();
      int available = revisions.values().stream().mapToInt(p -> p.available).sum();
      maxTotal = Math.max(maxTotal, total);
      minAvailable = Math.min(minAvailable, available);
    }
    assertConditionsMatchPhase();
    lastChanged = !snapshot().equals(before);
    lastChangedMeaningfully = !meaningful().equals(meaningfulBefore);
    lastTriggered = !watched().equals(watchedBefore);
    return plan;
  }

  /** The longest requeue that counts as "the controller comes right back" (the analysis recheck). */
  static final Duration SHORT_REQUEUE = Defaults.ANALYSIS_RECHECK;

  /**
   * What an event-driven controller does while the clock stands still. It reconciles again after a change to an
   * object it watches (ReplicaSets, AnalysisRuns, Services), never because of its own status write. Once nothing
   * triggers, a resync probe reconciles once more: if the probe changes anything, the previous plan must have asked
   * for a short requeue (otherwise that work had no trigger); if it changes nothing, it must emit no Event (an Event
   * belongs to a transition) and start no AnalysisRun.
   */
  Plan settle() {
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

  /** A short description of the world for failure messages. */
  String summary() {
    RolloutStatus status = status();
    return "now=" + now + " revisions=" + revisions.values() + " router=" + routerWeight + " services="
        + stableServiceHash + "/" + canaryServiceHash + " runs=" + runs.values() + " phase=" + status.phase + " step="
        + status.currentStepIndex + " weight=" + weight() + " message=" + status.message + " pause="
        + (status.pauseConditions == null ? null : status.pauseConditions.stream().map(p -> p.reason).toList())
        + " abort=" + status.abort;
  }

  /** Waits out the settled plan's requeueAfter, then settles again. */
  Plan followRequeue() {
    Plan last = plans.get(plans.size() - 1);
    assertThat(last.requeueAfter()).as("the last plan asks to be requeued").isPresent();
    advance(last.requeueAfter().get());
    return settle();
  }

  /** Whether the last reconcile changed anything in the world or the status. */
  boolean changed() {
    return lastChanged;
  }

  /** Does what the current step waits for: the clock for a timed pause, a promotion, a successful analysis. */
  CanaryWorld unblock() {
    List<dev.sluice.api.v1alpha1.CanaryStep> steps = rollout.getSpec().strategy.canary.steps;
    if (status().pauseConditions != null && status().pauseConditions.stream()
        .anyMatch(p -> p.reason == dev.sluice.api.v1alpha1.PauseCondition.Reason.InconclusiveAnalysis)) {
      return promote();
    }
    if (steps == null || index() >= steps.size()) {
      return this;
    }
    dev.sluice.api.v1alpha1.CanaryStep step = steps.get(index());
    if (step.pause != null && step.pause.duration != null) {
      return advance(dev.sluice.api.v1alpha1.Durations.parse(step.pause.duration));
    }
    if (step.pause != null) {
      return promote();
    }
    if (step.analysis != null) {
      return run(status().canary.currentStepAnalysisRun, AnalysisPhase.Successful, "all metrics passed");
    }
    return this;
  }

  /**
   * Reconciles one at a time, unblocking steps when the world is at rest, until the first reconcile after which the
   * status is at step index or beyond. Steps that never wait (setHeaderRoute, setMirrorRoute) complete in the plan
   * that reaches them, so the status is never at them: the driver then stops at the next step.
   */
  CanaryWorld driveToStep(int index) {
    for (int i = 0; i < 200 && (index() < index || !desiredHash.equals(status().currentPodHash)); i++) {
      reconcile();
      if (!lastChanged) {
        unblock();
      }
    }
    assertThat(index()).as("reached step %d: %s", index, summary()).isGreaterThanOrEqualTo(index);
    return this;
  }

  /** Settles and unblocks until the desired revision is stable and Healthy. */
  CanaryWorld driveToHealthy() {
    settle();
    for (int i = 0; i < 50 && !(phase() == RolloutPhase.Healthy && desiredHash.equals(status().stableRS)); i++) {
      unblock().settle();
    }
    assertThat(phase()).as("Healthy: %s", summary()).isEqualTo(RolloutPhase.Healthy);
    assertThat(status().stableRS).isEqualTo(desiredHash);
    return this;
  }

  void forgetHistory() {
    plans.clear();
    events.clear();
    startedRuns.clear();
    terminatedRuns.clear();
    routerWeights.clear();
    statusWeights.clear();
    scaleHistory.clear();
    if (weight() != null) {
      statusWeights.add(weight());
    }
  }

  private void apply(Action action) {
    if (action instanceof Action.ScaleRevision s) {
      Pods pods = revisions.computeIfAbsent(s.hash(), h -> new Pods(h, now.plusNanos(++creations)));
      if (pods.desired != s.replicas() || !scaleHistory.containsKey(s.hash())) {
        scaleHistory.computeIfAbsent(s.hash(), h -> new ArrayList<>()).add(s.replicas());
      }
      pods.desired = s.replicas();
      pods.scaleDownAt = null;
      pods.available = availability == Availability.INSTANT ? pods.desired : Math.min(pods.available, pods.desired);
    } else if (action instanceof Action.ScheduleScaleDown s) {
      Pods pods = revisions.get(s.hash());
      if (pods != null) {
        pods.scaleDownAt = s.at();
      }
    } else if (action instanceof Action.DeleteRevision d) {
      Pods removed = revisions.remove(d.hash());
      assertThat(removed).as("deleted revision %s exists", d.hash()).isNotNull();
      assertThat(removed.desired).as("only zero-replica revisions are deleted").isZero();
    } else if (action instanceof Action.PointServices p) {
      stableServiceHash = p.stableHash();
      canaryServiceHash = p.canaryHash();
    } else if (action instanceof Action.SetWeight w) {
      assertThat(routed).as("SetWeight without trafficRouting").isTrue();
      if (!routerStuck && !Objects.equals(routerWeight, w.canaryWeight())) {
        routerWeight = w.canaryWeight();
        routerWeights.add(routerWeight);
      }
    } else if (action instanceof Action.SetHeaderRoute h) {
      assertThat(routed).as("SetHeaderRoute without trafficRouting").isTrue();
      if (h.route().match == null) {
        headerRoutes.remove(h.route().name);
      } else {
        headerRoutes.put(h.route().name, h.route());
      }
    } else if (action instanceof Action.SetMirrorRoute m) {
      assertThat(routed).as("SetMirrorRoute without trafficRouting").isTrue();
      if (m.route().match == null) {
        mirrorRoutes.remove(m.route().name);
      } else {
        mirrorRoutes.put(m.route().name, m.route());
      }
    } else if (action instanceof Action.RemoveManagedRoutes) {
      headerRoutes.clear();
      mirrorRoutes.clear();
    } else if (action instanceof Action.StartAnalysis s) {
      startedRuns.add(s.runName());
      if (runCreationLag == 0) {
        runs.putIfAbsent(s.runName(), new RunState(s.runName(), AnalysisPhase.Pending, null));
      } else if (!runs.containsKey(s.runName())) {
        creatingRuns.putIfAbsent(s.runName(), runCreationLag);
      }
    } else if (action instanceof Action.TerminateAnalysis t) {
      terminatedRuns.add(t.runName());
      RunState run = runs.get(t.runName());
      if (run != null && !run.phase().completed()) {
        runs.put(t.runName(), new RunState(t.runName(), AnalysisPhase.Successful, "terminated"));
      }
    } else {
      fail("unknown action " + action);
    }
  }

  // --- what a user checks --------------------------------------------------------------------------------

  RolloutPhase phase() {
    return status().phase;
  }

  int index() {
    return status().currentStepIndex == null ? 0 : status().currentStepIndex;
  }

  Integer weight() {
    RolloutStatus status = rollout.getStatus();
    return status == null || status.canary == null || status.canary.weights == null || status.canary.weights.canary == null
        ? null : status.canary.weights.canary.weight;
  }

  Boolean verified() {
    return status().canary.weights.verified;
  }

  int desired(String hash) {
    Pods pods = revisions.get(hash);
    return pods == null ? 0 : pods.desired;
  }

  Instant scaleDownAt(String hash) {
    return revisions.get(hash).scaleDownAt;
  }

  Optional<Condition> condition(String type) {
    return Conditions.find(status().conditions, type);
  }

  String conditionStatus(String type) {
    return condition(type).map(Condition::getStatus).orElse(null);
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

  /** kstatus: Ready only when Healthy, Stalled only when Degraded, Reconciling while Progressing or Paused. */
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
    for (Condition condition : conditions) {
      assertThat(condition.getStatus()).isIn("True", "False");
      assertThat(condition.getReason()).as("reason of %s", condition.getType()).isNotBlank();
      assertThat(condition.getLastTransitionTime()).isNotNull();
    }
  }

  private String watched() {
    return revisions.values() + "|" + stableServiceHash + "/" + canaryServiceHash + "|" + runs;
  }

  /** The world and the status without message texts and the verified flag. */
  private String meaningful() {
    RolloutStatus copy = StatusWriter.copyOf(rollout.getStatus());
    copy.message = null;
    if (copy.canary != null && copy.canary.weights != null) {
      copy.canary.weights.verified = null;
    }
    copy.conditions.forEach(c -> c.setMessage(null));
    return revisions.values() + "|" + routerWeight + "|" + headerRoutes.keySet() + "|" + mirrorRoutes.keySet() + "|"
        + stableServiceHash + "/" + canaryServiceHash + "|" + runs + "|" + json(copy);
  }

  private String snapshot() {
    return revisions.values() + "|" + routerWeight + "|" + headerRoutes.keySet() + "|" + mirrorRoutes.keySet() + "|"
        + stableServiceHash + "/" + canaryServiceHash + "|" + runs + "|" + json(rollout.getStatus());
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
    return "now=" + now + " revisions=" + revisions.values() + " router=" + routerWeight + " services=" + stableServiceHash
        + "/" + canaryServiceHash + " runs=" + runs.values() + " status=" + json(rollout.getStatus());
  }
}
