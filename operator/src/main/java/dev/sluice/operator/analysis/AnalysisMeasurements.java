package dev.sluice.operator.analysis;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MeasurementSource;
import dev.sluice.analysis.evaluation.TakenMeasurement;
import dev.sluice.api.v1alpha1.Metric;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The measurements of AnalysisRuns in flight: taken on a {@link NamespaceFairExecutor}, never on a reconcile
 * thread, and held here until the run's next reconcile records them. One measurement per run and metric at a time.
 * Nothing here survives a restart or a leader change: a measurement in flight then is lost, and the new leader takes
 * it again when the run's status says it is due.
 *
 * <p>Exposes {@code sluice_analysis_measurements_running} and {@code sluice_analysis_measurements_queued}.
 */
@ApplicationScoped
public class AnalysisMeasurements {
  private static final Logger LOG = Logger.getLogger(AnalysisMeasurements.class);
  /** A result nobody collected for this long belongs to a run that was deleted. */
  private static final Duration UNCOLLECTED = Duration.ofMinutes(10);
  /** Longer than an informer normally lags behind a write; past it, a copy is taken as it is. */
  static final Duration CACHE_LAG = Duration.ofSeconds(30);

  /** What {@link #start} did. */
  public enum Start {
    /** Queued for a worker now. */
    STARTED,
    /** Already queued, running or waiting to be recorded: not started twice. */
    IN_FLIGHT,
    /** The namespace has its maximum waiting; try again later. */
    REFUSED,
    /** Its provider has not decided yet (a Job still running) and is asked again at {@link #recheckIn}. */
    WAITING
  }

  private final NamespaceFairExecutor executor;
  private final Clock clock;
  /** By run UID, then metric name. */
  private final Map<String, Map<String, Slot>> runs = new ConcurrentHashMap<>();
  /** By run UID: the resourceVersion this process's last status write replaced, and when. */
  private final Map<String, Replaced> replaced = new ConcurrentHashMap<>();
  private volatile Instant lastSweep = Instant.EPOCH;

  @Inject
  public AnalysisMeasurements(AnalysisConfig config, MeterRegistry registry) {
    this(config.measurementThreads(), config.measurementsPerNamespace(), config.queuedMeasurementsPerNamespace(),
        Clock.systemUTC());
    Gauge.builder("sluice.analysis.measurements.running", executor, NamespaceFairExecutor::running)
        .description("Analysis measurements being taken now").register(registry);
    Gauge.builder("sluice.analysis.measurements.queued", executor, NamespaceFairExecutor::queued)
        .description("Analysis measurements waiting for a worker").register(registry);
    LOG.infof("Analysis measurements: %d workers, at most %d running and %d waiting per namespace",
        config.measurementThreads(), config.measurementsPerNamespace(), config.queuedMeasurementsPerNamespace());
  }

  AnalysisMeasurements(int threads, int perNamespace, int queuedPerNamespace, Clock clock) {
    this.clock = clock;
    this.executor = new NamespaceFairExecutor(threads, perNamespace, queuedPerNamespace, job -> {
      Thread thread = new Thread(job, "sluice-analysis-measurement");
      thread.setDaemon(true);
      return thread;
    });
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }

  /**
   * Queues a measurement of {@code metric} for the run unless one is already in flight; {@code done} is called (on
   * the worker) once its result can be collected with {@link #finished}.
   */
  public Start start(RunRef run, Metric metric, MeasurementSource source, Runnable done) {
    sweep();
    Map<String, Slot> slots = runs.computeIfAbsent(run.uid(), uid -> new ConcurrentHashMap<>());
    Slot slot = new Slot();
    Slot existing = slots.putIfAbsent(metric.name, slot);
    if (existing != null) {
      if (!existing.pending()) {
        return Start.IN_FLIGHT;
      }
      if (existing.recheckAt().isAfter(clock.instant()) || !slots.replace(metric.name, existing, slot)) {
        return Start.WAITING;
      }
    }
    boolean queued = executor.submit(run.namespace(), () -> {
      MDC.put("resource.namespace", run.namespace());
      MDC.put("resource.name", run.name());
      try {
        Instant begin = clock.instant();
        MeasurementOutcome outcome = source.measure(metric);
        Instant end = clock.instant();
        slot.taken = new TakenMeasurement(metric.name, outcome, begin, end.isBefore(begin) ? begin : end);
      } catch (RuntimeException e) {
        slot.broken = e;
      } finally {
        slot.doneAt = clock.instant();
        MDC.remove("resource.namespace");
        MDC.remove("resource.name");
      }
      try {
        done.run();
      } catch (RuntimeException e) {
        // Stopping: the result stays unrecorded, as after a restart.
        LOG.debugf("Could not wake AnalysisRun %s/%s: %s", run.namespace(), run.name(), e.toString());
      }
    });
    if (!queued) {
      slots.remove(metric.name, slot);
      return Start.REFUSED;
    }
    return Start.STARTED;
  }

  /**
   * The run's measurements that are taken and not yet recorded. When one could not be taken because the source
   * threw (the API server did not answer a Secret read), it is dropped and its exception thrown, so the reconcile
   * is retried as a whole and the measurement started again.
   */
  public List<TakenMeasurement> finished(String uid) {
    Map<String, Slot> slots = runs.get(uid);
    if (slots == null) {
      return List.of();
    }
    List<TakenMeasurement> taken = new ArrayList<>();
    for (Map.Entry<String, Slot> entry : slots.entrySet()) {
      Slot slot = entry.getValue();
      if (slot.broken != null) {
        slots.remove(entry.getKey(), slot);
        throw slot.broken;
      }
      if (slot.taken != null && !slot.pending()) {
        taken.add(slot.taken);
      }
    }
    return taken;
  }

  /**
   * How long a run that its {@link #finished} measurements would end waits for the run's measurements still being
   * taken (queued or running): until they come back, and never longer than {@code grace} after the first finished one
   * did. Zero when none is being taken or the grace is spent. Measurements started together are then recorded
   * together, as Argo Rollouts does by measuring every due metric in one reconcile, so a failed run shows every metric
   * it measured at that moment, not whichever answer came back first; the grace bounds what this adds to an abort.
   */
  public Duration waitForOthers(String uid, Duration grace) {
    Map<String, Slot> slots = runs.get(uid);
    if (slots == null) {
      return Duration.ZERO;
    }
    Instant firstBack = null;
    boolean othersBeingTaken = false;
    for (Slot slot : slots.values()) {
      if (slot.beingTaken()) {
        othersBeingTaken = true;
      } else if (slot.taken != null && !slot.pending() && (firstBack == null || slot.doneAt.isBefore(firstBack))) {
        firstBack = slot.doneAt;
      }
    }
    if (!othersBeingTaken || firstBack == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), firstBack.plus(grace));
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** How long until a measurement its provider has not decided yet is asked for again; zero when due or unknown. */
  public Duration recheckIn(String uid, String metricName) {
    Map<String, Slot> slots = runs.get(uid);
    Slot slot = slots == null ? null : slots.get(metricName);
    if (slot == null || !slot.pending()) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), slot.recheckAt());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /** The {@code recorded} measurements are in the run's status now; the metrics may be measured again. */
  public void forget(String uid, List<TakenMeasurement> recorded) {
    Map<String, Slot> slots = runs.get(uid);
    if (slots == null) {
      return;
    }
    for (TakenMeasurement measurement : recorded) {
      Slot slot = slots.get(measurement.metricName());
      if (slot != null && slot.taken == measurement) {
        slots.remove(measurement.metricName(), slot);
      }
    }
  }

  /** The run is complete: whatever is still in flight for it is dropped when it ends. */
  public void forgetRun(String uid) {
    runs.remove(uid);
    replaced.remove(uid);
  }

  /** This process wrote the run's status over {@code resourceVersion}. */
  public void wrote(String uid, String resourceVersion) {
    if (resourceVersion != null) {
      replaced.put(uid, new Replaced(resourceVersion, clock.instant()));
    }
  }

  /**
   * True when {@code resourceVersion} is the one this process's last status write replaced: the informer has not
   * delivered that write yet, and a schedule made from this copy would measure again what was just recorded. Holds
   * for {@link #CACHE_LAG} at most, so a write the API server kept as a no-op (same resourceVersion) cannot stall
   * the run.
   */
  public boolean behind(String uid, String resourceVersion) {
    Replaced old = replaced.get(uid);
    if (old == null) {
      return false;
    }
    if (old.resourceVersion().equals(resourceVersion)
        && Duration.between(old.at(), clock.instant()).compareTo(CACHE_LAG) < 0) {
      return true;
    }
    replaced.remove(uid, old);
    return false;
  }

  int running() {
    return executor.running();
  }

  int queued() {
    return executor.queued();
  }

  /** Drops results of runs that were deleted before they were recorded; at most once a minute. */
  private void sweep() {
    Instant now = clock.instant();
    if (Duration.between(lastSweep, now).compareTo(Duration.ofMinutes(1)) < 0) {
      return;
    }
    lastSweep = now;
    Instant cutoff = now.minus(UNCOLLECTED);
    runs.forEach((uid, slots) -> {
      slots.values().removeIf(slot -> slot.doneAt != null && slot.doneAt.isBefore(cutoff));
      if (slots.isEmpty()) {
        runs.remove(uid, slots);
        replaced.remove(uid);
      }
    });
  }

  private record Replaced(String resourceVersion, Instant at) {
  }

  /** The run a measurement is for. */
  public record RunRef(String namespace, String name, String uid) {
  }

  private static final class Slot {
    volatile TakenMeasurement taken;
    volatile RuntimeException broken;
    volatile Instant doneAt;

    /** Queued or running: neither an answer nor an exception yet. */
    boolean beingTaken() {
      return doneAt == null;
    }

    /** Taken, but its provider has not decided yet: it is asked again, never recorded. */
    boolean pending() {
      return taken != null && taken.outcome() instanceof MeasurementOutcome.Pending;
    }

    Instant recheckAt() {
      return doneAt.plus(((MeasurementOutcome.Pending) taken.outcome()).recheckAfter());
    }
  }
}
