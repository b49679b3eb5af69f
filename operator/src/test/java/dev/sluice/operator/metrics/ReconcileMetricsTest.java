package dev.sluice.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.CanaryStatus;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileMetricsTest {
  private static final Map<String, Object> ROLLOUT_CONTROLLER = Map.of(Constants.CONTROLLER_NAME, "rollout",
      Constants.RESOURCE_GVK_KEY, GroupVersionKind.gvkFor(Rollout.class));
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SluiceMetrics sluice = new SluiceMetrics(registry);
  private final ObjectMeta web = new ObjectMetaBuilder().withNamespace("shop").withName("web").build();
  private final ObjectMeta api = new ObjectMetaBuilder().withNamespace("shop").withName("api").build();

  @Test
  void aDeletedRolloutLeavesNoSeriesAndNoPhaseCountBehind() {
    sluice.rolloutStatus(web, progressing(0, 25));
    sluice.rolloutStatus(web, progressing(1, 50));  // a step timed: web has a step duration series too
    sluice.rolloutStatus(api, progressing(0, 10));
    ReconcileMetrics metrics = new ReconcileMetrics(ReconcileMetricsProducer.of(registry, false), sluice);

    metrics.cleanupDoneFor(new ResourceID("web", "shop"), ROLLOUT_CONTROLLER);

    assertThat(registry.find("sluice.rollout.traffic.weight").tag("rollout", "web").meters()).isEmpty();
    assertThat(registry.find("sluice.rollout.step.duration").tag("rollout", "web").meters()).isEmpty();
    assertThat(registry.get("sluice.rollout.traffic.weight").tag("rollout", "api").gauge().value()).isEqualTo(10);
    assertThat(registry.get("sluice.rollouts").tag("phase", "Progressing").gauge().value()).isEqualTo(1);
  }

  @Test
  void anotherControllersDeletedResourceOfTheSameNameLeavesTheRolloutAlone() {
    sluice.rolloutStatus(web, progressing(0, 25));
    ReconcileMetrics metrics = new ReconcileMetrics(ReconcileMetricsProducer.of(registry, false), sluice);

    metrics.cleanupDoneFor(new ResourceID("web", "shop"), Map.of(Constants.CONTROLLER_NAME, "analysisrun"));

    assertThat(registry.get("sluice.rollout.traffic.weight").tag("rollout", "web").gauge().value()).isEqualTo(25);
  }

  @Test
  void reconcileSeriesNameNoResourceUnlessPerResourceMetricsAreOn() {
    reconcileOnce(ReconcileMetricsProducer.of(registry, false));
    assertThat(registry.getMeters()).isNotEmpty().noneMatch(ReconcileMetricsTest::namesWeb);

    SimpleMeterRegistry perResource = new SimpleMeterRegistry();
    reconcileOnce(ReconcileMetricsProducer.of(perResource, true));
    assertThat(perResource.getMeters()).anyMatch(ReconcileMetricsTest::namesWeb);
  }

  private void reconcileOnce(io.javaoperatorsdk.operator.api.monitoring.Metrics metrics) {
    Rollout rollout = new Rollout();
    rollout.setMetadata(web);
    metrics.failedReconciliation(rollout, new IllegalStateException("conflict"), ROLLOUT_CONTROLLER);
    metrics.finishedReconciliation(rollout, ROLLOUT_CONTROLLER);
  }

  private static boolean namesWeb(Meter meter) {
    return meter.getId().getTags().stream().anyMatch(tag -> tag.getValue().equals("web"));
  }

  private static RolloutStatus progressing(int step, int canaryWeight) {
    RolloutStatus status = new RolloutStatus();
    status.phase = RolloutPhase.Progressing;
    status.currentStepIndex = step;
    status.canary = new CanaryStatus();
    status.canary.weights = new CanaryStatus.TrafficWeights();
    status.canary.weights.canary = new CanaryStatus.WeightDestination();
    status.canary.weights.canary.weight = canaryWeight;
    return status;
  }
}
