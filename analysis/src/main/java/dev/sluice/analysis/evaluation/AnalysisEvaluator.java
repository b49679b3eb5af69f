package dev.sluice.analysis.evaluation;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MeasurementSource;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.Providers;
import dev.sluice.api.status.StatusText;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRunSpec;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.Measurement;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The analysis state machine, as pure functions of (spec, status, time, measurements). A reconciler calls
 * {@link #step} (or {@link #schedule}, measures the due metrics itself, then {@link #apply}), writes the returned
 * status if it changed, and requeues after {@link Decision#requeueAfter()}. Thread-safe.
 *
 * <p>Per step: metrics whose next measurement is due are measured; each measurement gets a phase from the conditions;
 * counters and the kept measurements are updated; each metric's phase follows from its limits and count; the run is
 * Running until every metric is complete, then takes the worst phase of its non-dry-run metrics. A non-dry-run metric
 * that ends Failed, Error or Inconclusive terminates the run, as does {@code spec.terminate}: no more measurements,
 * and the other metrics end with what they have.
 */
public final class AnalysisEvaluator {
  /** Wait before measuring again after an Error, whatever the interval (Argo's DefaultErrorRetryInterval). */
  public static final Duration ERROR_RETRY_INTERVAL = Duration.ofSeconds(10);

  private final ConditionCompiler conditions;
  private final Providers providers;

  /** {@code providers} check each metric's provider spec; measuring is left to the {@link MeasurementSource}. */
  public AnalysisEvaluator(ConditionCompiler conditions, Providers providers) {
    this.conditions = conditions;
    this.providers = providers;
  }

  public AnalysisEvaluator(ConditionCompiler conditions) {
    this(conditions, Providers.forChecks());
  }

  public AnalysisEvaluator() {
    this(new ConditionCompiler());
  }

  /**
   * Schedules, measures the due metrics one after another through {@code source} (timed with {@code clock}), and
   * applies the measurements. The call blocks for the queries only; any waiting is left to the requeue.
   */
  public Decision step(AnalysisRunSpec spec, AnalysisRunStatus status, Clock clock, MeasurementSource source) {
    AnalysisRunStatus started = StatusCopies.copy(status);
    if (started.startedAt == null && (started.phase == null || !started.phase.completed())) {
      started.startedAt = Timestamps.format(clock.instant());
    }
    Schedule schedule = schedule(spec, started, clock.instant());
    List<TakenMeasurement> taken = new ArrayList<>();
    for (Metric metric : schedule.due()) {
      Instant begin = clock.instant();
      MeasurementOutcome outcome = source.measure(metric);
      Instant end = clock.instant();
      taken.add(new TakenMeasurement(metric.name, outcome, begin, end.isBefore(begin) ? begin : end));
    }
    return apply(spec, started, taken, clock.instant());
  }

  /** The metrics to measure at {@code now}. Nothing is due for a completed, terminating or invalid run. */
  public Schedule schedule(AnalysisRunSpec spec, AnalysisRunStatus status, Instant now) {
    if (status != null && status.phase != null && status.phase.completed()) {
      return Schedule.nothing();
    }
    AnalysisPlan plan;
    try {
      plan = plan(spec);
    } catch (AnalysisPlan.InvalidSpecException e) {
      return Schedule.nothing();
    }
    Map<String, MetricResult> results = results(status);
    if (terminating(spec, plan, results)) {
      return Schedule.nothing();
    }
    Instant startedAt = startedAt(status, now);
    List<Metric> due = new ArrayList<>();
    Instant next = null;
    for (MetricPolicy policy : plan.policies()) {
      MetricResult result = results.getOrDefault(policy.name(), new MetricResult());
      Optional<Instant> at = MetricScheduler.dueAt(policy, result, startedAt);
      if (at.isEmpty()) {
        continue;
      }
      if (!at.get().isAfter(now)) {
        due.add(policy.metric());
      } else if (next == null || at.get().isBefore(next)) {
        next = at.get();
      }
    }
    return new Schedule(due, Optional.ofNullable(next));
  }

  /**
   * Records {@code measurements} and assesses every metric and the run at {@code now}. Measurements of unknown or
   * already completed metrics are ignored. Returns a new status; {@code status} is not modified.
   */
  public Decision apply(AnalysisRunSpec spec, AnalysisRunStatus status, List<TakenMeasurement> measurements,
      Instant now) {
    AnalysisRunStatus next = StatusCopies.copy(status);
    if (next.phase != null && next.phase.completed()) {
      return new Decision(next, Optional.empty());
    }
    // A pending measurement (a Job still running) is not a measurement yet: it is asked for again.
    measurements = measurements.stream().filter(m -> !(m.outcome() instanceof MeasurementOutcome.Pending)).toList();
    if (next.startedAt == null) {
      Instant first = measurements.stream().map(TakenMeasurement::startedAt).min(Instant::compareTo).orElse(now);
      next.startedAt = Timestamps.format(first.isBefore(now) ? first : now);
    }
    AnalysisPlan plan;
    try {
      plan = plan(spec);
    } catch (AnalysisPlan.InvalidSpecException e) {
      next.phase = AnalysisPhase.Error;
      next.message = StatusText.message("analysis spec invalid: " + e.getMessage());
      return new Decision(next, Optional.empty());
    }

    Map<String, MetricResult> results = ensureResults(next, plan);
    for (TakenMeasurement taken : measurements) {
      MetricPolicy policy = plan.policy(taken.metricName());
      MetricResult result = results.get(taken.metricName());
      if (policy == null || result == null || (result.phase != null && result.phase.completed())) {
        continue;
      }
      record(policy, result, taken);
    }

    assessMetrics(spec, plan, results);
    assessRun(spec, plan, results, next);
    return new Decision(next, next.phase.completed() ? Optional.empty()
        : Optional.of(requeueAfter(plan, results, startedAt(next, now), now)));
  }

  /** The run's metrics with its arguments put in (count, limits, durations may be {@code {{args.NAME}}}). */
  private AnalysisPlan plan(AnalysisRunSpec spec) throws AnalysisPlan.InvalidSpecException {
    return AnalysisPlan.build(spec.metrics, PlanArgs.withValues(spec.args), spec.dryRun, spec.measurementRetention,
        conditions, providers);
  }

  private static void record(MetricPolicy policy, MetricResult result, TakenMeasurement taken) {
    MeasurementAssessor.Verdict verdict = MeasurementAssessor.assess(policy, taken.outcome());
    Measurement measurement = new Measurement();
    measurement.phase = verdict.phase();
    // Values and messages come from outside (metric answers, server errors): bounded before they reach the status.
    measurement.value = StatusText.message(verdict.value());
    measurement.message = StatusText.message(verdict.message());
    measurement.startedAt = Timestamps.format(taken.startedAt());
    measurement.finishedAt = Timestamps.format(taken.finishedAt());

    switch (verdict.phase()) {
      case Successful -> result.successful = MetricAssessor.n(result.successful) + 1;
      case Failed -> result.failed = MetricAssessor.n(result.failed) + 1;
      case Inconclusive -> result.inconclusive = MetricAssessor.n(result.inconclusive) + 1;
      case Error -> result.error = MetricAssessor.n(result.error) + 1;
      default -> throw new IllegalStateException("measurement phase " + verdict.phase());
    }
    if (verdict.phase() == AnalysisPhase.Error) {
      result.consecutiveError = MetricAssessor.n(result.consecutiveError) + 1;
    } else {
      result.count = MetricAssessor.n(result.count) + 1;
      result.consecutiveError = 0;
    }
    // As in Argo Rollouts: any phase but Successful, errors included, breaks the run of successes. Written only for
    // metrics that use it, so other statuses stay as they were.
    if (policy.consecutiveSuccessLimit() > 0) {
      result.consecutiveSuccess = verdict.phase() == AnalysisPhase.Successful
          ? MetricAssessor.n(result.consecutiveSuccess) + 1 : 0;
    }

    List<Measurement> kept = new ArrayList<>(result.measurements == null ? List.of() : result.measurements);
    kept.add(measurement);
    if (kept.size() > policy.retention()) {
      kept = new ArrayList<>(kept.subList(kept.size() - policy.retention(), kept.size()));
    }
    result.measurements = kept;
  }

  /**
   * Assesses every metric. When one ends the run, the others are assessed again as terminating, so the run completes
   * in this step rather than the next.
   */
  private static void assessMetrics(AnalysisRunSpec spec, AnalysisPlan plan, Map<String, MetricResult> results) {
    boolean terminating = terminating(spec, plan, results);
    while (true) {
      for (MetricPolicy policy : plan.policies()) {
        MetricResult result = results.get(policy.name());
        MetricAssessor.Assessment assessment = MetricAssessor.assess(policy, result, terminating);
        result.phase = assessment.phase();
        result.message = StatusText.message(assessment.message());
      }
      if (terminating || !terminating(spec, plan, results)) {
        return;
      }
      terminating = true;
    }
  }

  private static void assessRun(AnalysisRunSpec spec, AnalysisPlan plan, Map<String, MetricResult> results,
      AnalysisRunStatus status) {
    boolean complete = true;
    MetricPolicy worstPolicy = null;
    AnalysisPhase worst = AnalysisPhase.Successful;
    List<String> dryRunNotes = new ArrayList<>();
    for (MetricPolicy policy : plan.policies()) {
      MetricResult result = results.get(policy.name());
      if (!result.phase.completed()) {
        complete = false;
        continue;
      }
      if (policy.dryRun()) {
        if (result.phase != AnalysisPhase.Successful) {
          dryRunNotes.add("dry-run metric \"" + policy.name() + "\" assessed " + result.phase
              + (result.message == null ? "" : ": " + result.message));
        }
      } else if (Phases.isWorse(result.phase, worst)) {
        worst = result.phase;
        worstPolicy = policy;
      }
    }
    if (!complete) {
      status.phase = AnalysisPhase.Running;
      status.message = null;
      return;
    }
    status.phase = worst;
    List<String> parts = new ArrayList<>();
    if (Boolean.TRUE.equals(spec.terminate)) {
      parts.add("run terminated");
    }
    if (worstPolicy != null) {
      MetricResult result = results.get(worstPolicy.name());
      parts.add("metric \"" + worstPolicy.name() + "\" assessed " + result.phase
          + (result.message == null ? "" : ": " + result.message));
    }
    parts.addAll(dryRunNotes);
    status.message = parts.isEmpty() ? null : StatusText.message(String.join("; ", parts));
  }

  private static Duration requeueAfter(AnalysisPlan plan, Map<String, MetricResult> results, Instant startedAt,
      Instant now) {
    Instant next = null;
    for (MetricPolicy policy : plan.policies()) {
      Optional<Instant> at = MetricScheduler.dueAt(policy, results.get(policy.name()), startedAt);
      if (at.isPresent() && (next == null || at.get().isBefore(next))) {
        next = at.get();
      }
    }
    if (next == null) {
      // Unreachable while a metric is incomplete; never leave a running run without a wake-up.
      return ERROR_RETRY_INTERVAL;
    }
    Duration wait = Duration.between(now, next);
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private static boolean terminating(AnalysisRunSpec spec, AnalysisPlan plan, Map<String, MetricResult> results) {
    if (Boolean.TRUE.equals(spec.terminate)) {
      return true;
    }
    for (MetricPolicy policy : plan.policies()) {
      MetricResult result = results.get(policy.name());
      if (!policy.dryRun() && result != null && result.phase != null && Phases.endsRun(result.phase)) {
        return true;
      }
    }
    return false;
  }

  /** Creates a Pending result for every metric without one; results are kept in the status' list (spec order). */
  private static Map<String, MetricResult> ensureResults(AnalysisRunStatus status, AnalysisPlan plan) {
    List<MetricResult> list = status.metricResults == null ? new ArrayList<>() : new ArrayList<>(status.metricResults);
    Map<String, MetricResult> byName = list.stream().filter(r -> r.name != null)
        .collect(Collectors.toMap(r -> r.name, Function.identity(), (a, b) -> a));
    for (MetricPolicy policy : plan.policies()) {
      MetricResult result = byName.get(policy.name());
      if (result == null) {
        result = new MetricResult();
        result.name = policy.name();
        result.phase = AnalysisPhase.Pending;
        list.add(result);
        byName.put(policy.name(), result);
      }
      result.dryRun = policy.dryRun() ? Boolean.TRUE : null;
      result.count = MetricAssessor.n(result.count);
      result.successful = MetricAssessor.n(result.successful);
      result.failed = MetricAssessor.n(result.failed);
      result.inconclusive = MetricAssessor.n(result.inconclusive);
      result.error = MetricAssessor.n(result.error);
      result.consecutiveError = MetricAssessor.n(result.consecutiveError);
    }
    status.metricResults = list;
    return byName;
  }

  private static Map<String, MetricResult> results(AnalysisRunStatus status) {
    if (status == null || status.metricResults == null) {
      return Map.of();
    }
    return status.metricResults.stream().filter(r -> r.name != null)
        .collect(Collectors.toMap(r -> r.name, Function.identity(), (a, b) -> a));
  }

  private static Instant startedAt(AnalysisRunStatus status, Instant now) {
    Instant started = status == null ? null : Timestamps.parse(status.startedAt);
    return started == null ? now : started;
  }
}
