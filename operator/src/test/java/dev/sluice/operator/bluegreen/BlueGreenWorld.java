package dev.sluice.operator.bluegreen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.operator.plan.Action;
import dev.sluice.operator.plan.Observation;
import dev.sluice.operator.plan.Plan;
import dev.sluice.operator.plan.SimulatedCluster;
import dev.sluice.operator.plan.WeightCheck;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated cluster for the blue-green planner: the shared {@link SimulatedCluster} plus the active and preview
 * Services. After every reconcile it also checks that the status names the hash active selects, and the active
 * Service only ever moves to a revision that is fully available.
 */
public final class BlueGreenWorld extends SimulatedCluster<BlueGreenWorld> {
  String activeHash;
  String previewHash;
  /** Each hash the active Service moved to, in order. */
  final List<String> activeHistory = new ArrayList<>();

  public BlueGreenWorld(Rollout rollout) {
    super(rollout);
  }

  /** A world whose rollout runs hash as its stable, active revision, settled and Healthy. */
  public static BlueGreenWorld stable(Rollout rollout, String hash) {
    BlueGreenWorld world = new BlueGreenWorld(rollout);
    world.deploy(hash).settle();
    assertThat(world.phase()).isEqualTo(RolloutPhase.Healthy);
    world.forgetHistory();
    return world;
  }

  @Override
  protected Plan plan(Observation observation) {
    return BlueGreenPlanner.plan(observation);
  }

  @Override
  protected WeightCheck weightCheck() {
    return WeightCheck.NOT_CHECKED;
  }

  @Override
  protected String services() {
    return activeHash + "/" + previewHash;
  }

  @Override
  protected void afterReconcile(Plan plan) {
    assertThat(status().blueGreen.activeSelector).as("status names the hash active selects").isEqualTo(activeHash);
  }

  @Override
  protected void applyOwn(Action action) {
    if (action instanceof Action.PointActiveAndPreview p) {
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
    } else {
      fail("a blue-green plan holds no " + action);
    }
  }

  @Override
  public void forgetHistory() {
    super.forgetHistory();
    activeHistory.clear();
  }

  // --- what a user checks --------------------------------------------------------------------------------

  String preRun() {
    return status().blueGreen.prePromotionAnalysisRun;
  }

  String postRun() {
    return status().blueGreen.postPromotionAnalysisRun;
  }
}
