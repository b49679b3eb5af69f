package dev.sluice.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.CanaryStatus;
import dev.sluice.api.v1alpha1.MetricResult;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SluiceMetricsTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final SluiceMetrics metrics = new SluiceMetrics(registry, new Clock() {
    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  });
  private final ObjectMeta web = new ObjectMetaBuilder().withNamespace("shop").withName("web").build();
  private final ObjectMeta api = new ObjectMetaBuilder().withNamespace("shop").withName("api").build();

  @Test
  void rolloutsAreCountedByTheirLatestPhase() {
    metrics.rolloutStatus(web, status(RolloutPhase.Progressing, 0, 25));
    metrics.rolloutStatus(api, status(RolloutPhase.Progressing, 1, 50));
    metrics.rolloutStatus(web, status(RolloutPhase.Healthy, null, 0));

    assertThat(rollouts("Progressing")).isEqualTo(1);
    assertThat(rollouts("Healthy")).isEqualTo(1);
    assertThat(rollouts("Degraded")).isZero();
  }

  @Test
  void trafficWeightFollowsTheCanaryWeightPerRollout() {
    metrics.rolloutStatus(web, status(RolloutPhase.Progressing, 0, 25));
    metrics.rolloutStatus(api, status(RolloutPhase.Progressing, 0, 10));
    metrics.rolloutStatus(web, status(RolloutPhase.Paused, 1, 50));

    assertThat(registry.get("sluice.rollout.traffic.weight").tags("namespace", "shop", "rollout", "web").gauge().value()).isEqualTo(50);
    assertThat(registry.get("sluice.rollout.traffic.weight").tags("rollout", "api").gauge().value()).isEqualTo(10);
  }

  @Test
  void aStepIsTimedFromWhenItStartsToTheNextStepAndTheLastOneToTheEnd() {
    metrics.rolloutStatus(web, status(RolloutPhase.Progressing, 0, 25));
    now = now.plusSeconds(4);
    metrics.rolloutStatus(web, status(RolloutPhase.Progressing, 0, 25));  // same step, written again
    now = now.plusSeconds(6);
    metrics.rolloutStatus(web, status(RolloutPhase.Paused, 1, 25));
    now = now.plusSeconds(30);
    metrics.rolloutStatus(web, status(RolloutPhase.Healthy, null, 0));

    var timer = registry.get("sluice.rollout.step.duration").tags("namespace", "shop", "rollout", "web").timer();
    assertThat(timer.count()).isEqualTo(2);
    assertThat(timer.totalTime(TimeUnit.SECONDS)).isEqualTo(40);
    assertThat(timer.max(TimeUnit.SECONDS)).isEqualTo(30);
  }

  @Test
  void measurementsAreCountedOnceEachByMetricAndResult() {
    ObjectMeta run = new ObjectMetaBuilder().withNamespace("shop").withName("web-abc-1").build();
    AnalysisRunStatus first = run(result("error-rate", 1, 0));
    AnalysisRunStatus second = run(result("error-rate", 2, 1));
    metrics.analysisStatus(run, null, first);
    metrics.analysisStatus(run, first, second);
    metrics.analysisStatus(run, second, second);

    assertThat(registry.get("sluice.analysis.measurements").tags("metric", "error-rate", "phase", "Successful").counter().count()).isEqualTo(2);
    assertThat(registry.get("sluice.analysis.measurements").tags("metric", "error-rate", "phase", "Failed").counter().count()).isEqualTo(1);
  }

  @Test
  void revertCommitsAreCountedByResult() {
    metrics.revertResult("Pushed");
    metrics.revertResult("Pushed");
    metrics.revertResult("Failed");
    assertThat(registry.get("sluice.revert.commits").tag("result", "Pushed").counter().count()).isEqualTo(2);
    assertThat(registry.get("sluice.revert.commits").tag("result", "Failed").counter().count()).isEqualTo(1);
  }

  private double rollouts(String phase) {
    return registry.get("sluice.rollouts").tag("phase", phase).gauge().value();
  }

  private static RolloutStatus status(RolloutPhase phase, Integer step, int canaryWeight) {
    RolloutStatus status = new RolloutStatus();
    status.phase = phase;
    status.currentStepIndex = step;
    status.canary = new CanaryStatus();
    status.canary.weights = new CanaryStatus.TrafficWeights();
    status.canary.weights.canary = new CanaryStatus.WeightDestination();
    status.canary.weights.canary.weight = canaryWeight;
    return status;
  }

  private static MetricResult result(String name, int successful, int failed) {
    MetricResult result = new MetricResult();
    result.name = name;
    result.successful = successful;
    result.failed = failed;
    result.count = successful + failed;
    return result;
  }

  private static AnalysisRunStatus run(MetricResult... results) {
    AnalysisRunStatus status = new AnalysisRunStatus();
    status.metricResults = List.of(results);
    return status;
  }
}
