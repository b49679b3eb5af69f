package dev.sluice.operator.metrics;

import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sluice's own meters, on /q/metrics beside java-operator-sdk's reconcile timings and errors (operator_sdk_*):
 * <ul>
 *   <li>{@code sluice_rollouts{phase}}: how many rollouts are in each phase;</li>
 *   <li>{@code sluice_rollout_traffic_weight{namespace,rollout}}: the canary's traffic weight (percent);</li>
 *   <li>{@code sluice_rollout_step_duration_seconds{namespace,rollout}}: how long each canary step took;</li>
 *   <li>{@code sluice_analysis_measurements_total{namespace,metric,phase}}: measurements taken, by result;</li>
 *   <li>{@code sluice_revert_commits_total{result}}: GitOps revert commits, by result.</li>
 * </ul>
 * Fed from the status writes, so it counts what the controller recorded. Step timing starts when this process sees
 * a step begin: after a leader change the first step it times is the one in progress, from the takeover.
 * Created at startup so the phase gauges are scraped (at 0) before the first rollout is seen. A deleted Rollout's
 * series go with it ({@link #rolloutDeleted}), so a cluster that churns Rollouts does not grow /q/metrics forever.
 */
@Startup
@ApplicationScoped
public class SluiceMetrics {
  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, RolloutPhase> phases = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> weights = new ConcurrentHashMap<>();
  private final Map<String, Step> steps = new ConcurrentHashMap<>();

  @Inject
  public SluiceMetrics(MeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  SluiceMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    for (RolloutPhase phase : RolloutPhase.values()) {
      Gauge.builder("sluice.rollouts", phases, all -> all.values().stream().filter(phase::equals).count())
          .description("Rollouts in each phase").tag("phase", phase.name()).register(registry);
    }
  }

  /**
   * A rollout's status was written. A step ends when the written step index differs from the one this process
   * saw start, or the rollout stops progressing (Healthy, Degraded).
   */
  public void rolloutStatus(ObjectMeta rollout, RolloutStatus after) {
    String key = rollout.getNamespace() + "/" + rollout.getName();
    if (after == null || after.phase == null) {
      phases.remove(key);
    } else {
      phases.put(key, after.phase);
    }
    Integer weight = canaryWeight(after);
    if (weight != null) {
      weights.computeIfAbsent(key, k -> {
        AtomicInteger holder = new AtomicInteger();
        Gauge.builder("sluice.rollout.traffic.weight", holder, AtomicInteger::get)
            .description("Traffic weight of the canary, in percent")
            .tags("namespace", rollout.getNamespace(), "rollout", rollout.getName()).register(registry);
        return holder;
      }).set(weight);
    }
    stepChange(key, rollout, after);
  }

  /** The Rollout is gone from the cluster: it no longer counts in a phase, and its per-Rollout series are removed. */
  public void rolloutDeleted(String namespace, String name) {
    String key = namespace + "/" + name;
    phases.remove(key);
    weights.remove(key);
    steps.remove(key);
    for (String meter : List.of("sluice.rollout.traffic.weight", "sluice.rollout.step.duration")) {
      registry.find(meter).tags("namespace", namespace, "rollout", name).meters().forEach(registry::remove);
    }
  }

  /** An AnalysisRun's status was written; counts the measurements it added. */
  public void analysisStatus(ObjectMeta run, AnalysisRunStatus before, AnalysisRunStatus after) {
    MeasurementCounts.added(before, after).forEach((metricAndPhase, count) -> {
      int slash = metricAndPhase.lastIndexOf('/');
      Counter.builder("sluice.analysis.measurements").description("Analysis measurements taken, by result")
          .tags("namespace", run.getNamespace(), "metric", metricAndPhase.substring(0, slash), "phase", metricAndPhase.substring(slash + 1))
          .register(registry).increment(count);
    });
  }

  /** A GitOps revert commit ended with {@code result} (e.g. Pushed, Skipped, Failed). */
  /** Notifications by service type and result: sent, failed (after its retries), dropped (queue full), skipped (sent before). */
  public void notification(String serviceType, String result) {
    Counter.builder("sluice.notifications").description("Notifications, by service type and result")
        .tags("service", serviceType, "result", result).register(registry).increment();
  }

  public void revertResult(String result) {
    Counter.builder("sluice.revert.commits").description("GitOps revert commits, by result")
        .tag("result", result).register(registry).increment();
  }

  private void stepChange(String key, ObjectMeta rollout, RolloutStatus after) {
    Integer now = after == null ? null : after.currentStepIndex;
    boolean running = after != null && (after.phase == RolloutPhase.Progressing || after.phase == RolloutPhase.Paused);
    Step current = steps.get(key);
    if (current != null && (!running || !Objects.equals(current.index(), now))) {
      Timer.builder("sluice.rollout.step.duration").description("Time a canary step took, from its start to the next step or the end")
          .tags("namespace", rollout.getNamespace(), "rollout", rollout.getName()).register(registry)
          .record(Duration.between(current.startedAt(), clock.instant()));
      steps.remove(key);
      current = null;
    }
    if (running && now != null && current == null) {
      steps.put(key, new Step(now, clock.instant()));
    }
  }

  private static Integer canaryWeight(RolloutStatus status) {
    if (status == null || status.canary == null || status.canary.weights == null || status.canary.weights.canary == null) {
      return null;
    }
    return status.canary.weights.canary.weight;
  }

  private record Step(Integer index, Instant startedAt) {
  }
}
