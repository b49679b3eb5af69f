package dev.sluice.analysis.evaluation;

import dev.sluice.analysis.condition.Condition;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.condition.InvalidConditionException;
import dev.sluice.analysis.provider.ProviderChecks;
import dev.sluice.analysis.provider.Providers;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.api.v1alpha1.Durations;
import dev.sluice.api.v1alpha1.MeasurementRetention;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricSelector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The validated, defaulted form of a run's metrics. Building it checks everything that can be checked without a
 * cluster or a Prometheus server; {@link AnalysisSpecValidator} exposes the same checks for admission.
 */
final class AnalysisPlan {

  private final Map<String, MetricPolicy> policies;

  private AnalysisPlan(Map<String, MetricPolicy> policies) {
    this.policies = policies;
  }

  /** Metric policies in spec order. */
  List<MetricPolicy> policies() {
    return List.copyOf(policies.values());
  }

  MetricPolicy policy(String metricName) {
    return policies.get(metricName);
  }

  /** {@link #build(List, PlanArgs, List, List, ConditionCompiler, Providers)} with the standard providers. */
  static AnalysisPlan build(List<Metric> metrics, PlanArgs args, List<MetricSelector> dryRun,
      List<MeasurementRetention> retention, ConditionCompiler conditions) throws InvalidSpecException {
    return build(metrics, args, dryRun, retention, conditions, Providers.forChecks());
  }

  /**
   * @param args the arguments fields and queries may use, with their values for a run
   * @throws InvalidSpecException listing every problem found
   */
  static AnalysisPlan build(List<Metric> metrics, PlanArgs args, List<MetricSelector> dryRun,
      List<MeasurementRetention> retention, ConditionCompiler conditions, Providers providers)
      throws InvalidSpecException {
    return build(metrics, args, dryRun, retention, conditions, providers, false);
  }

  /**
   * @param partial the metrics are only part of the run's (a template that references other templates): no metrics,
   *     and dryRun or measurementRetention rules naming none of these metrics, are for the whole run to judge
   */
  static AnalysisPlan build(List<Metric> metrics, PlanArgs args, List<MetricSelector> dryRun,
      List<MeasurementRetention> retention, ConditionCompiler conditions, Providers providers, boolean partial)
      throws InvalidSpecException {
    List<String> problems = new ArrayList<>();
    List<Metric> all = metrics == null ? List.of() : metrics;
    if (all.isEmpty() && !partial) {
      problems.add("no metrics");
    }
    Set<String> names = new LinkedHashSet<>();
    for (Metric metric : all) {
      if (metric.name == null || metric.name.isBlank()) {
        problems.add("a metric has no name");
      } else if (!names.add(metric.name)) {
        problems.add("metric \"" + metric.name + "\" is defined twice");
      }
    }
    Map<String, Boolean> dryRunByName = new LinkedHashMap<>();
    List<MetricSelector> dryRuns = dryRun == null ? List.of() : dryRun;
    for (int i = 0; i < dryRuns.size(); i++) {
      checkSelector("dryRun[" + i + "]", dryRuns.get(i).metricName, names, problems,
          name -> dryRunByName.put(name, true), partial);
    }
    Map<String, Integer> retentionByName = new LinkedHashMap<>();
    List<MeasurementRetention> retentions = retention == null ? List.of() : retention;
    for (int i = 0; i < retentions.size(); i++) {
      MeasurementRetention rule = retentions.get(i);
      String where = "measurementRetention[" + i + "]";
      if (rule.limit == null || rule.limit < 0) {
        problems.add(where + ": limit must be at least 0 (0 keeps the default " + MetricPolicy.DEFAULT_RETENTION + ")");
      } else {
        // Argo treats 0 as "not set": the default number of measurements.
        int limit = rule.limit == 0 ? MetricPolicy.DEFAULT_RETENTION : rule.limit;
        checkSelector(where, rule.metricName, names, problems, name -> retentionByName.put(name, limit), partial);
      }
    }

    Map<String, MetricPolicy> policies = new LinkedHashMap<>();
    for (Metric metric : all) {
      if (metric.name == null || metric.name.isBlank()) {
        continue;
      }
      MetricPolicy policy = policy(metric, args, dryRunByName.getOrDefault(metric.name, false),
          retentionByName.getOrDefault(metric.name, MetricPolicy.DEFAULT_RETENTION), conditions, providers, problems);
      if (policy != null) {
        policies.putIfAbsent(metric.name, policy);
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    return new AnalysisPlan(policies);
  }

  private static void checkSelector(String where, String selector, Set<String> names, List<String> problems,
      Consumer<String> onMatch, boolean partial) {
    if (selector == null || selector.isBlank()) {
      problems.add(where + ": metricName is empty");
      return;
    }
    String syntax = MetricSelectors.syntaxError(selector);
    if (syntax != null && !names.contains(selector)) {
      problems.add(where + ": metricName \"" + selector + "\" is neither a metric name nor a valid regular expression ("
          + syntax + ")");
      return;
    }
    int matched = 0;
    for (String name : names) {
      if (MetricSelectors.matches(selector, name)) {
        onMatch.accept(name);
        matched++;
      }
    }
    if (matched == 0 && !partial) {
      problems.add(where + ": metricName \"" + selector + "\" matches no metric");
    }
  }

  private static MetricPolicy policy(Metric metric, PlanArgs args, boolean dryRun, int retention,
      ConditionCompiler conditions, Providers providers, List<String> problems) {
    String at = "metric \"" + metric.name + "\": ";
    int before = problems.size();
    MetricFieldReader fields = new MetricFieldReader(at, args, problems);
    MetricFieldReader.Read<Duration> interval = fields.duration("interval", metric.interval);
    if (interval.value() != null && interval.value().isZero()) {
      problems.add(at + "interval must be positive");
    }
    Duration initialDelay = fields.duration("initialDelay", metric.initialDelay).orElse(Duration.ZERO);
    MetricFieldReader.Read<Integer> count = fields.integer("count", metric.count, 0);
    boolean hasInterval = metric.interval != null;
    if (count.value() != null && count.value() > 1 && !hasInterval) {
      problems.add(at + "count above 1 needs an interval");
    }
    // Argo treats count 0 as unset: once without interval, until terminated with one.
    Integer effectiveCount = count.value() == null || count.value() == 0 ? (hasInterval ? null : Integer.valueOf(1))
        : count.value();
    MetricFieldReader.Read<Integer> failureLimit = fields.integer("failureLimit", metric.failureLimit, -1);
    MetricFieldReader.Read<Integer> successLimit = fields.integer("consecutiveSuccessLimit",
        metric.consecutiveSuccessLimit, 0);
    checkSuccessLimit(at, count.value(), failureLimit, successLimit, problems);
    int inconclusiveLimit = fields.integer("inconclusiveLimit", metric.inconclusiveLimit, 0)
        .orElse(MetricPolicy.DEFAULT_INCONCLUSIVE_LIMIT);
    int consecutiveErrorLimit = fields.integer("consecutiveErrorLimit", metric.consecutiveErrorLimit, 0)
        .orElse(MetricPolicy.DEFAULT_CONSECUTIVE_ERROR_LIMIT);
    if (blank(metric.successCondition) && blank(metric.failureCondition) && !providers.decidesPhase(metric)) {
      problems.add(at + "needs successCondition, failureCondition or both");
    }
    Condition success = condition(at, "successCondition", metric.successCondition, fields, conditions, problems);
    Condition failure = condition(at, "failureCondition", metric.failureCondition, fields, conditions, problems);
    ProviderChecks.Results results = providers.results(metric);
    resultUse(at, "successCondition", success, results, problems);
    resultUse(at, "failureCondition", failure, results, problems);
    providers.check(metric, new SpecProblems(at, args.names(), problems, fields::placed));
    if (problems.size() > before) {
      return null;
    }
    return new MetricPolicy(metric, interval.value(), initialDelay, effectiveCount,
        failureLimit.orElse(MetricPolicy.DEFAULT_FAILURE_LIMIT), successLimit.orElse(0), inconclusiveLimit,
        consecutiveErrorLimit, dryRun, retention, success, failure);
  }

  /**
   * Argo Rollouts' rules: failureLimit -1 (no limit) needs a consecutiveSuccessLimit, and a count must leave room
   * for the successes in a row (plus the failures tolerated, when both limits apply).
   */
  private static void checkSuccessLimit(String at, Integer count, MetricFieldReader.Read<Integer> failureLimit,
      MetricFieldReader.Read<Integer> successLimit, List<String> problems) {
    if (failureLimit.deferred() || successLimit.deferred()) {
      return;
    }
    int failures = failureLimit.orElse(MetricPolicy.DEFAULT_FAILURE_LIMIT);
    int successes = successLimit.orElse(0);
    if (failures == -1 && successes == 0) {
      problems.add(at + "failureLimit -1 (no failure limit) needs a consecutiveSuccessLimit above 0, as in Argo"
          + " Rollouts");
    }
    if (successes > 0 && count != null && count > 0) {
      int needed = successes + Math.max(failures, 0);
      if (count < needed) {
        problems.add(at + "count (" + count + ") must be at least " + (failures > 0
            ? "failureLimit + consecutiveSuccessLimit (" + failures + " + " + successes + ")"
            : "consecutiveSuccessLimit (" + successes + ")"));
      }
    }
  }

  /** A condition may hold {{args.NAME}} (Argo: {@code result[0] >= {{args.threshold}}}), put in before compiling. */
  private static Condition condition(String at, String field, String expression, MetricFieldReader fields,
      ConditionCompiler conditions, List<String> problems) {
    if (blank(expression)) {
      return null;
    }
    String resolved = fields.text(field, expression);
    if (resolved == null) {
      return null;
    }
    try {
      return conditions.compile(resolved);
    } catch (InvalidConditionException e) {
      problems.add(at + field + ": " + e.getMessage());
      return null;
    }
  }

  /**
   * A condition that takes result as more than the provider gives cannot work: fields (result.ok) of numbers, or a
   * boolean or a string (result == true, refused with the type error that says so) of numbers or rows. Only the web
   * provider's results may be any JSON value.
   */
  private static void resultUse(String at, String field, Condition condition, ProviderChecks.Results results,
      List<String> problems) {
    if (condition == null || results == ProviderChecks.Results.JSON) {
      return;
    }
    if (condition.typeError() != null) {
      problems.add(at + field + ": " + condition.typeError());
    } else if (results == ProviderChecks.Results.NUMBERS && !condition.acceptsNumbers()) {
      problems.add(at + field + ": reads fields of result (result.name), but this provider's result is a number or"
          + " a list of numbers; only newRelic's and cloudWatch's results have fields, and web's JSON answers");
    }
  }

  private static Duration duration(String at, String field, String text, List<String> problems) {
    return duration(at, field, text, Durations::parse, problems);
  }

  private static Duration duration(String at, String field, String text,
      java.util.function.Function<String, Duration> parse, List<String> problems) {
    if (text == null) {
      return null;
    }
    try {
      return parse.apply(text);
    } catch (IllegalArgumentException e) {
      problems.add(at + field + ": " + e.getMessage());
      return null;
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  static final class InvalidSpecException extends Exception {
    private final List<String> problems;

    InvalidSpecException(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    List<String> problems() {
      return problems;
    }
  }
}
