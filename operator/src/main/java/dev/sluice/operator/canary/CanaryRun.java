package dev.sluice.operator.canary;

import dev.sluice.api.v1alpha1.CanaryStatus;
import dev.sluice.api.v1alpha1.CanaryStep;
import dev.sluice.api.v1alpha1.CanaryStrategy;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.PingPong;
import dev.sluice.api.v1alpha1.ReplicaProgressThreshold;
import dev.sluice.api.v1alpha1.PodTemplateMetadata;
import dev.sluice.operator.plan.Action;
import dev.sluice.operator.plan.Defaults;
import dev.sluice.operator.plan.Draft;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Reasons;
import dev.sluice.operator.plan.Revision;
import dev.sluice.operator.plan.RunState;
import dev.sluice.operator.plan.Transitions;
import dev.sluice.operator.plan.WeightCheck;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One canary planning pass: the shared transitions, plus the canary's own way through a new revision (a person's
 * pause, promote-full, an inconclusive background analysis, the steps, promotion) and its traffic weights.
 */
final class CanaryRun extends Transitions {
  final CanaryStrategy canary;
  final List<CanaryStep> steps;
  final boolean routed;
  /** trafficRouting.maxTrafficWeight (100 when unset): the total that every weight here is a part of. */
  final int maxWeight;
  /** The canary weight recorded in the observed status: the one Observation.weight is about. */
  private final Integer observedWeight;

  CanaryRun(Observation in) {
    super(in);
    this.canary = rollout.getSpec().strategy.canary;
    this.steps = canary.steps == null ? List.of() : canary.steps;
    this.routed = canary.trafficRouting != null;
    this.maxWeight = routed && canary.trafficRouting.maxTrafficWeight != null ? canary.trafficRouting.maxTrafficWeight : 100;
    this.observedWeight = status.canary == null || status.canary.weights == null || status.canary.weights.canary == null
        ? null : status.canary.weights.canary.weight;
    if (status.canary == null) {
      status.canary = new CanaryStatus();
    }
  }

  // --- the shared transitions, for the canary ---------------------------------------------------------------

  /**
   * canaryService and stableService follow the revisions. With pingPong the stable one of the two Services keeps the
   * stable revision and the other one is pointed at the new revision; neither is re-pointed while it serves: a
   * completed release flips their roles instead ({@link #promote}). Until a first release ping is made stable.
   */
  @Override
  protected void pointServices(String stableHash, String newHash) {
    draft.add(new Action.PointServices(stableHash, newHash));
    PingPong pingPong = canary.pingPong;
    if (pingPong == null) {
      return;
    }
    if (status.canary.stablePingPong == null) {
      status.canary.stablePingPong = PingPong.PING;
    }
    draft.add(new Action.PointService(pingPong.stable(status.canary.stablePingPong), stableHash));
    if (!stableHash.equals(newHash)) {
      draft.add(new Action.PointService(pingPong.canary(status.canary.stablePingPong), newHash));
    }
  }

  @Override
  protected void routeAllTo(String stableHash, String newHash, boolean clearRoutes) {
    if (routed && abortingDynamically(newHash, stableHash)) {
      // dynamicStableScale: the weight comes back to the stable only as fast as its pods do.
      int weight = DynamicStableScale.abortWeight(replicas, maxWeight, abortTarget(newHash, stableHash), observedWeight,
          available(stableHash));
      draft.add(new Action.SetWeight(weight));
      if (clearRoutes) {
        draft.add(new Action.RemoveManagedRoutes());
      }
      setWeights(weight, newHash, stableHash);
      if (!Boolean.TRUE.equals(status.canary.weights.verified) || weight > 0) {
        draft.requeueIn(CanaryPlanner.VERIFY_RETRY);
      }
      return;
    }
    if (routed) {
      draft.add(new Action.SetWeight(0));
      if (clearRoutes) {
        draft.add(new Action.RemoveManagedRoutes());
      }
      setWeights(0, newHash, stableHash);
    }
  }

  @Override
  protected List<String> currentRuns() {
    return Arrays.asList(status.canary.currentStepAnalysisRun, status.canary.currentBackgroundAnalysisRun);
  }

  @Override
  protected void forgetRuns() {
    status.canary.currentStepAnalysisRun = null;
    status.canary.currentBackgroundAnalysisRun = null;
  }

  @Override
  protected Integer attemptField() {
    return status.canary.attempt;
  }

  @Override
  protected void setAttempt(Integer attempt) {
    status.canary.attempt = attempt;
  }

  @Override
  protected boolean attemptUsed(String hash, int attempt) {
    if (in.runs().containsKey(CanaryPlanner.backgroundRunName(rollout, hash, attempt))) {
      return true;
    }
    for (int i = 0; i < steps.size(); i++) {
      if (in.runs().containsKey(CanaryPlanner.stepRunName(rollout, hash, attempt, i))) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected Integer abortScaleDownDelaySeconds() {
    return canary.abortScaleDownDelaySeconds;
  }

  /**
   * Without a router the canary's pods are its traffic: as in Argo Rollouts the abort is a rolling update back to
   * the stable (the canary goes at once as far as maxUnavailable allows, whatever abortScaleDownDelaySeconds says),
   * and the weights say how much of the available pods is still canary.
   */
  @Override
  protected void scaleAfterAbort(String hash, String stable) {
    if (routed && abortingDynamically(hash, stable)) {
      scaleAfterDynamicAbort(hash, stable);
      return;
    }
    if (routed) {
      super.scaleAfterAbort(hash, stable);
      return;
    }
    ReplicaMath.Scale scale = ReplicaMath.basicCanary(replicas, 0, canary.maxSurge, canary.maxUnavailable,
        revision(hash), revision(stable));
    if (revision(hash) != null) {
      draft.add(new Action.ScaleRevision(hash, scale.canary()));
    }
    draft.add(new Action.ScaleRevision(stable, scale.stable()));
    showPodWeights(hash, stable, scale);
  }

  /** An abort of a canary with dynamicStableScale, both revisions still there: the way back goes step by step. */
  private boolean abortingDynamically(String hash, String stable) {
    return Boolean.TRUE.equals(canary.dynamicStableScale) && Boolean.TRUE.equals(status.abort) && !hash.equals(stable)
        && revision(hash) != null && revision(stable) != null;
  }

  private int abortTarget(String hash, String stable) {
    return DynamicStableScale.abortTarget(replicas, maxWeight, steps, available(stable), available(hash),
        canary.abortScaleDownDelaySeconds != null);
  }

  /**
   * Each side keeps the pods for the larger of its target and current share, as Argo Rollouts does. An explicit
   * abortScaleDownDelaySeconds keeps the canary at its size instead, until that long after the stable is back at full
   * size (0: for good).
   */
  private void scaleAfterDynamicAbort(String hash, String stable) {
    ReplicaMath.Scale computed = DynamicStableScale.abortScale(replicas, maxWeight, abortTarget(hash, stable), observedWeight);
    ReplicaMath.Scale scale = new ReplicaMath.Scale(atLeastMinPods(computed.canary()), atLeastMinPods(computed.stable()));
    draft.add(new Action.ScaleRevision(stable, scale.stable()));
    Integer delay = canary.abortScaleDownDelaySeconds;
    if (delay == null) {
      draft.add(new Action.ScaleRevision(hash, scale.canary()));
    } else if (delay > 0 && available(stable) >= replicas && revision(hash).desired() > 0
        && revision(hash).scaleDownAt() == null) {
      draft.add(new Action.ScheduleScaleDown(hash, now.plus(Defaults.delay(delay))));
    }
  }

  @Override
  protected PodTemplateMetadata newRevisionMetadata() {
    return canary.canaryMetadata;
  }

  @Override
  protected PodTemplateMetadata stableRevisionMetadata() {
    return canary.stableMetadata;
  }

  @Override
  protected void restart() {
    status.currentStepIndex = 0;
  }

  @Override
  protected void atRest() {
    status.currentStepIndex = steps.size();
  }

  @Override
  protected String startedMessage(String hash, String stable) {
    return "revision " + hash + " starts its canary against stable " + stable;
  }

  @Override
  protected String abandonedReason() {
    return Reasons.CANARY_ABANDONED;
  }

  @Override
  protected String backOnStable() {
    return "traffic";
  }

  // --- the canary's own way ------------------------------------------------------------------------------

  @Override
  protected void progress(String hash, String stable) {
    progressSteps(hash, stable);
    if (!routed && !hash.equals(status.stableRS)) {
      showPodWeights(hash, stable, scaleNow(hash, stable));
    }
  }

  private void progressSteps(String hash, String stable) {
    CanarySteps stepper = new CanarySteps(this, hash, stable);
    pointServices(stable, hash);
    if (pausedByPerson()) {
      scaleForNow(hash, stable);
      return;
    }
    boolean fastRollback = rollingBackWithinWindow(hash, stable);
    if ((Boolean.TRUE.equals(status.promoteFull) || fastRollback) && index() < steps.size()) {
      if (!fastRollback) {
        draft.event(Reasons.PROMOTED_FULL, "promoted fully: skipping steps " + (index() + 1) + ".." + steps.size());
      }
      terminateRun(status.canary.currentStepAnalysisRun);
      status.canary.currentStepAnalysisRun = null;
      status.pauseConditions = null;
      status.controllerPause = null;
      status.currentStepIndex = steps.size();
    }
    String inconclusive = stepper.inconclusiveBackgroundAnalysis();
    if (inconclusive != null) {
      scaleForNow(hash, stable);
      paused(PauseCondition.Reason.InconclusiveAnalysis.name(), inconclusive);
      return;
    }
    String waiting = stepper.walk();
    stepper.startBackgroundAnalysis();
    if (index() >= steps.size()) {
      promote(hash, stable);
    } else if (pausedNow()) {
      paused(status.pauseConditions.get(0).reason.name(), waiting);
    } else if (!stepper.waitsOnItsOwn()) {
      progressing(Reasons.PROGRESSING, waiting);
    } else {
      waitMissesDeadline(hash, Reasons.PROGRESSING, waiting);
    }
  }

  /** After the last step: the canary goes to full size, then becomes stable and takes all traffic. */
  private void promote(String hash, String stable) {
    scaleForPromotion(hash, stable);
    if (!progressMet(hash, replicas)) {
      waitMissesDeadline(hash, Reasons.PROMOTING, "promoting " + hash + ": " + available(hash) + "/" + replicas + " available");
      return;
    }
    if (canary.pingPong != null && routed) {
      if (!allTrafficOnCanary()) {
        // As in Argo Rollouts: the Service of the new revision takes all traffic before the roles flip, so no
        // selector moves under traffic.
        draft.add(new Action.SetWeight(maxWeight));
        setWeights(maxWeight, hash, stable);
        draft.requeueIn(CanaryPlanner.VERIFY_RETRY);
        waitMissesDeadline(hash, Reasons.PROMOTING, "promoting " + hash + ": all traffic to "
            + canary.pingPong.canary(status.canary.stablePingPong) + " before it becomes the stable Service");
        return;
      }
      status.canary.stablePingPong = PingPong.flip(status.canary.stablePingPong);
    }
    pointServices(hash, hash);
    if (routed) {
      draft.add(new Action.SetWeight(0));
      draft.add(new Action.RemoveManagedRoutes());
    }
    setWeights(0, hash, hash);
    terminateRuns();
    forgetRuns();
    draft.add(new Action.ScheduleScaleDown(stable, now.plus(Defaults.delay(canary.scaleDownDelaySeconds))));
    status.stableRS = hash;
    status.currentStepIndex = steps.size();
    status.promoteFull = null;
    status.progressedAt = now.toString();
    draft.event(Reasons.COMPLETED, "revision " + hash + " is stable; " + stable + " scales down");
    healthy("revision " + hash + " is stable and available");
  }

  /** The router carries, as verified at the start of this pass, all traffic on the new revision. */
  private boolean allTrafficOnCanary() {
    return in.weight() == WeightCheck.VERIFIED && Integer.valueOf(maxWeight).equals(observedWeight);
  }

  // --- replicas --------------------------------------------------------------------------------------------

  private void scaleForNow(String hash, String stable) {
    apply(hash, stable, scaleNow(hash, stable));
  }

  /** The scale of the current step, or of the promotion once past the last step. */
  private ReplicaMath.Scale scaleNow(String hash, String stable) {
    return index() < steps.size() ? scaleOfCurrentStep(hash, stable) : scaleOfPromotion(hash, stable);
  }

  /** Scales the canary (and, without routing, the stable) for the current step. */
  ReplicaMath.Scale scaleForCurrentStep(String hash, String stable) {
    return apply(hash, stable, scaleOfCurrentStep(hash, stable));
  }

  private ReplicaMath.Scale scaleOfCurrentStep(String hash, String stable) {
    StepSettings settings = StepSettings.upTo(steps, Math.min(index(), steps.size() - 1));
    if (routed || settings.scale() != null) {
      int canaryPods = ReplicaMath.canaryForWeight(replicas, settings.weight(), maxWeight, settings.scale());
      if (settings.scale() == null || settings.scale().replicas == null) {
        canaryPods = atLeastMinPods(canaryPods);
      }
      return new ReplicaMath.Scale(canaryPods, stableWhileProgressing(stable, settings.canaryWeight()));
    }
    return ReplicaMath.basicCanary(replicas, settings.weight(), canary.maxSurge, canary.maxUnavailable,
        in.revisions().get(hash), in.revisions().get(stable));
  }

  private void scaleForPromotion(String hash, String stable) {
    apply(hash, stable, scaleOfPromotion(hash, stable));
  }

  /** Full size for the canary; the stable stays at full size with traffic routing, else shrinks as pods allow. */
  private ReplicaMath.Scale scaleOfPromotion(String hash, String stable) {
    return routed ? new ReplicaMath.Scale(replicas, stableWhileProgressing(stable, maxWeight))
        : ReplicaMath.basicCanary(replicas, 100, canary.maxSurge, canary.maxUnavailable,
            in.revisions().get(hash), in.revisions().get(stable));
  }

  /**
   * The stable's pods while the canary progresses with traffic routing: all of them, or with dynamicStableScale those
   * for the traffic it keeps (the larger of its share at this weight and the share the router still gives it). Until
   * the router has verified the weight recorded in status, the stable does not shrink below its current size.
   */
  private int stableWhileProgressing(String stable, int desiredCanaryWeight) {
    if (!routed || !Boolean.TRUE.equals(canary.dynamicStableScale)) {
      return replicas;
    }
    int pods = atLeastMinPods(DynamicStableScale.stableWhileProgressing(replicas, maxWeight, desiredCanaryWeight, observedWeight));
    Revision current = revision(stable);
    return in.weight() == WeightCheck.VERIFIED || current == null ? pods : Math.max(pods, current.desired());
  }

  /**
   * minPodsPerReplicaSet, as Argo Rollouts applies it with traffic routing: a revision asked for any pods gets at
   * least that many, capped at replicas.
   */
  private int atLeastMinPods(int pods) {
    if (pods == 0 || !routed || canary.minPodsPerReplicaSet == null) {
      return pods;
    }
    return Math.max(pods, Math.min(canary.minPodsPerReplicaSet, replicas));
  }

  private ReplicaMath.Scale apply(String hash, String stable, ReplicaMath.Scale scale) {
    draft.add(new Action.ScaleRevision(hash, scale.canary()));
    draft.add(new Action.ScaleRevision(stable, scale.stable()));
    return scale;
  }

  // --- what the steps use ----------------------------------------------------------------------------------

  Draft draft() {
    return draft;
  }

  dev.sluice.api.v1alpha1.RolloutStatus status() {
    return status;
  }

  Observation in() {
    return in;
  }

  Instant now() {
    return now;
  }

  int index() {
    return status.currentStepIndex == null ? 0 : status.currentStepIndex;
  }

  boolean pausedNow() {
    return status.pauseConditions != null && !status.pauseConditions.isEmpty();
  }

  int availableOf(String hash) {
    return available(hash);
  }

  /** Enough of the revision's desired pods are available to go on: all, or replicaProgressThreshold of them. */
  boolean progressMet(String hash, int desired) {
    return ReplicaProgressThreshold.met(canary.replicaProgressThreshold, available(hash), desired);
  }

  int currentAttempt() {
    return attempt();
  }

  PauseCondition find(PauseCondition.Reason reason) {
    return findPause(reason);
  }

  PauseCondition add(PauseCondition.Reason reason) {
    return addPause(reason);
  }

  void remove(PauseCondition.Reason reason) {
    removePause(reason);
  }

  void stop(String runName) {
    terminateRun(runName);
  }

  /**
   * Without a router the weights are the canary's share of the available pods of every revision (rounded), and
   * verified says whether the pods are at the scale asked for: the canary at its size and available, the stable
   * and every other revision with no pod beyond theirs (a pod still leaving still serves).
   */
  boolean showPodWeights(String hash, String stable, ReplicaMath.Scale scale) {
    int canaryAvailable = availableOf(hash);
    int total = in.revisions().values().stream().mapToInt(Revision::available).sum();
    setWeights(total == 0 ? 0 : Math.round(canaryAvailable * 100f / total), hash, stable);
    Revision canaryRevision = revision(hash);
    Revision stableRevision = revision(stable);
    boolean reached = (scale.canary() == 0 ? canaryAvailable == 0
        : canaryRevision != null && canaryRevision.desired() == scale.canary() && canaryRevision.atSize()
            && progressMet(hash, scale.canary()))
        && (stableRevision == null || stableRevision.desired() == scale.stable() && stableRevision.atSize())
        && in.revisions().values().stream()
            .allMatch(r -> r.hash().equals(hash) || r.hash().equals(stable) || r.available() == 0 && r.atSize());
    status.canary.weights.verified = reached;
    return reached;
  }

  /** Records the weights; verified when the router carries the weight observed in status and it is this one. */
  void setWeights(int weight, String canaryHash, String stableHash) {
    CanaryStatus.TrafficWeights weights = status.canary.weights == null ? new CanaryStatus.TrafficWeights() : status.canary.weights;
    boolean pingPongServices = canary.pingPong != null && status.canary.stablePingPong != null
        && (canary.trafficRouting != null && canary.trafficRouting.alb != null || canary.stableService == null);
    weights.canary = destination(weight, pingPongServices ? canary.pingPong.canary(status.canary.stablePingPong)
        : canary.canaryService, canaryHash);
    weights.stable = destination(maxWeight - weight, pingPongServices ? canary.pingPong.stable(status.canary.stablePingPong)
        : canary.stableService, stableHash);
    weights.verified = routed ? in.weight() == WeightCheck.VERIFIED && Integer.valueOf(weight).equals(observedWeight) : null;
    status.canary.weights = weights;
  }

  private static CanaryStatus.WeightDestination destination(int weight, String service, String hash) {
    CanaryStatus.WeightDestination destination = new CanaryStatus.WeightDestination();
    destination.weight = weight;
    destination.serviceName = service;
    destination.podTemplateHash = hash;
    return destination;
  }

  Revision revision(String hash) {
    return in.revisions().get(hash);
  }

  RunState run(String name) {
    return name == null ? null : in.runs().get(name);
  }

  dev.sluice.api.v1alpha1.Rollout rollout() {
    return rollout;
  }
}
