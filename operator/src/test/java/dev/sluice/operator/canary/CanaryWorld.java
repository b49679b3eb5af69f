package dev.sluice.operator.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.CanaryStep;
import dev.sluice.api.v1alpha1.Durations;
import dev.sluice.api.v1alpha1.PauseCondition;
import dev.sluice.api.v1alpha1.PingPong;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.plan.Action;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.SimulatedCluster;
import dev.sluice.operator.plan.WeightCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The simulated cluster for the canary planner: the shared {@link SimulatedCluster} plus the router's live weight
 * and managed routes and the stable and canary Services.
 */
public final class CanaryWorld extends SimulatedCluster<CanaryWorld> {
  final boolean routed;
  /** The weight the router really carries (null until first set). */
  Integer routerWeight;
  /** When true the router ignores SetWeight, e.g. a misconfigured route. */
  boolean routerStuck;
  final Map<String, Object> headerRoutes = new TreeMap<>();
  final Map<String, Object> mirrorRoutes = new TreeMap<>();
  String stableServiceHash;
  String canaryServiceHash;
  /** pingPong: each Service's selector hash, each change of it, and the weight the router gives it. */
  final Map<String, String> serviceHashes = new TreeMap<>();
  final Map<String, List<String>> serviceHashHistory = new TreeMap<>();
  final Map<String, Integer> serviceWeights = new TreeMap<>();
  final Map<String, List<Integer>> serviceWeightHistory = new TreeMap<>();
  /** The plan being applied: its status says the ping-pong roles its weights are for. */
  private Plan planned;

  /** Each change of the router's live weight. */
  final List<Integer> routerWeights = new ArrayList<>();
  /** The status canary weight after each reconcile that changed it. */
  final List<Integer> statusWeights = new ArrayList<>();

  /** Availability and surge seen right after each applied plan, while {@link #trackInvariants} is on. */
  boolean trackInvariants;
  int minAvailable = Integer.MAX_VALUE;
  int maxTotal = 0;

  public CanaryWorld(Rollout rollout) {
    super(rollout);
    this.routed = rollout.getSpec().strategy.canary.trafficRouting != null;
  }

  /** A world whose rollout already runs stable revision hash at full size, settled and Healthy. */
  public static CanaryWorld stable(Rollout rollout, String hash) {
    CanaryWorld world = new CanaryWorld(rollout);
    world.deploy(hash).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    world.forgetHistory();
    return world;
  }

  // --- the strategy's part of the loop -------------------------------------------------------------------

  @Override
  protected Plan plan(Observation observation) {
    planned = CanaryPlanner.plan(observation);
    return planned;
  }

  /** What the router verification reports: the live weight equals the canary weight recorded in status. */
  @Override
  protected WeightCheck weightCheck() {
    Integer recorded = weight();
    if (!routed || recorded == null) {
      return WeightCheck.NOT_CHECKED;
    }
    PingPong pingPong = rollout.getSpec().strategy.canary.pingPong;
    if (pingPong != null) {
      String canaryService = pingPong.canary(status().canary.stablePingPong);
      return WeightCheck.of(recorded.equals(serviceWeights.get(canaryService)));
    }
    return WeightCheck.of(recorded.equals(routerWeight));
  }

  @Override
  protected String services() {
    return stableServiceHash + "/" + canaryServiceHash + serviceHashes;
  }

  @Override
  protected String router() {
    return routerWeight + "|" + serviceWeights + "|" + headerRoutes.keySet() + "|" + mirrorRoutes.keySet();
  }

  @Override
  protected void afterReconcile(Plan plan) {
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
  }

  @Override
  protected void applyOwn(Action action) {
    if (action instanceof Action.PointServices p) {
      stableServiceHash = p.stableHash();
      canaryServiceHash = p.canaryHash();
    } else if (action instanceof Action.PointService p) {
      if (!p.hash().equals(serviceHashes.get(p.service()))) {
        serviceHashes.put(p.service(), p.hash());
        serviceHashHistory.computeIfAbsent(p.service(), k -> new ArrayList<>()).add(p.hash());
      }
    } else if (action instanceof Action.SetWeight w) {
      assertThat(routed).as("SetWeight without trafficRouting").isTrue();
      PingPong pingPong = rollout.getSpec().strategy.canary.pingPong;
      if (pingPong != null && !routerStuck) {
        String roles = planned.status().canary.stablePingPong;
        weighService(pingPong.canary(roles), w.canaryWeight());
        Integer total = rollout.getSpec().strategy.canary.trafficRouting.maxTrafficWeight;
        weighService(pingPong.stable(roles), (total == null ? 100 : total) - w.canaryWeight());
      }
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
    } else {
      fail("unknown action " + action);
    }
  }

  private void weighService(String service, int weight) {
    if (!Objects.equals(serviceWeights.put(service, weight), weight)) {
      serviceWeightHistory.computeIfAbsent(service, k -> new ArrayList<>()).add(weight);
    }
  }

  @Override
  public void forgetHistory() {
    super.forgetHistory();
    routerWeights.clear();
    serviceHashHistory.clear();
    serviceWeightHistory.clear();
    statusWeights.clear();
    if (weight() != null) {
      statusWeights.add(weight());
    }
  }

  // --- driving the steps ---------------------------------------------------------------------------------

  /** Does what the current step waits for: the clock for a timed pause, a promotion, a successful analysis. */
  CanaryWorld unblock() {
    List<CanaryStep> steps = rollout.getSpec().strategy.canary.steps;
    if (pauses().contains(PauseCondition.Reason.InconclusiveAnalysis)) {
      return promote();
    }
    if (steps == null || index() >= steps.size()) {
      return this;
    }
    CanaryStep step = steps.get(index());
    if (step.pause != null && step.pause.duration != null) {
      return advance(Durations.parseSecondsOrDuration(step.pause.duration));
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
      if (!changed()) {
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

  // --- what a user checks --------------------------------------------------------------------------------

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
}
