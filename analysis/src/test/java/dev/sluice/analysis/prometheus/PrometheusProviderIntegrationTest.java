package dev.sluice.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.args.ResolvedArgs;
import dev.sluice.analysis.provider.TestSources;
import dev.sluice.analysis.evaluation.AnalysisEvaluator;
import dev.sluice.analysis.evaluation.Decision;
import dev.sluice.analysis.testing.MetricsEndpoint;
import dev.sluice.analysis.testing.PrometheusServer;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRunSpec;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.Measurement;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricProvider;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Query semantics against a real Prometheus scraping an endpoint the test controls. */
@Tag("prometheus")
class PrometheusProviderIntegrationTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static MetricsEndpoint endpoint;
  private static PrometheusServer prometheus;
  private static PrometheusProvider provider;
  private static final Instant START = Instant.now();
  private static final AtomicReference<Double> okPerSecond = new AtomicReference<>(10.0);
  private static final AtomicReference<Double> errorsPerSecond = new AtomicReference<>(0.0);

  @BeforeAll
  static void startPrometheus() throws Exception {
    endpoint = MetricsEndpoint.start();
    endpoint.gauge("queue_depth", Map.of("queue", "orders"), 42);
    endpoint.gauge("queue_depth", Map.of("queue", "a\"b\\c"), 7);
    endpoint.gauge("queue_depth", Map.of("queue", "it's"), 3);
    endpoint.gauge("replica_lag_seconds", Map.of("replica", "one"), 1.5);
    endpoint.gauge("replica_lag_seconds", Map.of("replica", "two"), 2.5);
    endpoint.counter("http_requests_total", Map.of("code", "200"), growing(okPerSecond));
    endpoint.counter("http_requests_total", Map.of("code", "500"), growing(errorsPerSecond));
    prometheus = PrometheusServer.start(List.of(endpoint.target()));
    provider = new PrometheusProvider();
  }

  @AfterAll
  static void stopPrometheus() {
    if (provider != null) {
      provider.close();
    }
    if (prometheus != null) {
      prometheus.close();
    }
    if (endpoint != null) {
      endpoint.close();
    }
  }

  /**
   * A counter whose rate is whatever {@code perSecond} says now: integrates the rate over wall-clock time at each
   * scrape, so changing the rate does not make the counter jump.
   */
  private static java.util.function.DoubleSupplier growing(AtomicReference<Double> perSecond) {
    double[] state = {0, System.nanoTime()};
    return () -> {
      synchronized (state) {
        double now = System.nanoTime();
        state[0] += perSecond.get() * (now - state[1]) / 1e9;
        state[1] = now;
        return Math.floor(state[0]);
      }
    };
  }

  private static PrometheusMetric spec(String query) {
    PrometheusMetric spec = new PrometheusMetric();
    spec.address = prometheus.url();
    spec.query = query;
    spec.timeout = "10s";
    return spec;
  }

  private static MeasurementOutcome query(String query) {
    return provider.query(spec(query), ResolvedArgs.of(Map.of()), PrometheusCredentials.NONE);
  }

  private static MetricValue value(MeasurementOutcome outcome) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Value.class);
    return ((MeasurementOutcome.Value) outcome).value();
  }

  private static MetricValue awaitValue(String query, Predicate<MetricValue> until) throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    MeasurementOutcome last = null;
    while (Instant.now().isBefore(deadline)) {
      last = query(query);
      if (last instanceof MeasurementOutcome.Value v && until.test(v.value())) {
        return v.value();
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no matching answer to " + query + " within " + PATIENCE + "; last: " + last);
  }

  @Test
  void instantQueryReturnsTheExposedValue() {
    MetricValue value = value(query("queue_depth{queue=\"orders\"}"));
    assertThat(value.kind()).isEqualTo(MetricValue.Kind.VECTOR);
    assertThat(value.values()).containsExactly(42.0);
    assertThat(value.display()).isEqualTo("[42]");
  }

  @Test
  void vectorWithSeveralSeries() {
    MetricValue value = value(query("sort(replica_lag_seconds)"));
    assertThat(value.values()).containsExactly(1.5, 2.5);
  }

  @Test
  void scalarQuery() {
    MetricValue value = value(query("scalar(sum(queue_depth{queue=\"orders\"}))"));
    assertThat(value.kind()).isEqualTo(MetricValue.Kind.SCALAR);
    assertThat(value.values()).containsExactly(42.0);
    assertThat(value.display()).isEqualTo("42");
  }

  @Test
  void nanAndInfinityComeBackAsSuch() {
    assertThat(value(query("0/0")).values()).containsExactly(Double.NaN);
    assertThat(value(query("vector(1)/0")).values()).containsExactly(Double.POSITIVE_INFINITY);
    assertThat(value(query("-1/0")).display()).isEqualTo("-Inf");
    // The usual source of NaN: a ratio over no traffic.
    assertThat(value(query("sum(rate(http_requests_total{code=\"404\"}[1m])) / sum(rate(http_requests_total{code=\"404\"}[1m]))"))
        .isEmpty()).isTrue();
    assertThat(value(query("scalar(sum(nothing_here))")).hasNaN()).isTrue();
  }

  @Test
  void emptyResult() {
    MetricValue value = value(query("metric_that_does_not_exist"));
    assertThat(value.kind()).isEqualTo(MetricValue.Kind.VECTOR);
    assertThat(value.isEmpty()).isTrue();
    assertThat(value.display()).isEqualTo("[]");
  }

  @Test
  void brokenQueryIsAFailureWithPrometheusMessage() {
    MeasurementOutcome outcome = query("sum(rate(http_requests_total[1m])");
    assertThat(outcome).isInstanceOfSatisfying(MeasurementOutcome.Failure.class, f -> assertThat(f.message())
        .startsWith("prometheus error (bad_data): ").contains("parse error").endsWith("[HTTP 400]"));
  }

  @Test
  void rateFollowsTheCounters() throws Exception {
    String query = "sum(rate(http_requests_total{code=\"200\"}[4s]))";
    awaitValue(query, v -> v.values().size() == 1 && Math.abs(v.values().get(0) - 10) < 2.5);
    okPerSecond.set(50.0);
    awaitValue(query, v -> v.values().size() == 1 && Math.abs(v.values().get(0) - 50) < 10);
    okPerSecond.set(10.0);
    awaitValue(query, v -> v.values().size() == 1 && Math.abs(v.values().get(0) - 10) < 2.5);
  }

  @Test
  void rangeQueryReturnsTheSeriesOldestFirst() {
    PrometheusMetric spec = spec("queue_depth{queue=\"orders\"}");
    spec.rangeQuery = new PrometheusMetric.RangeQuery();
    spec.rangeQuery.start = "now-5s";
    spec.rangeQuery.step = "1s";
    MetricValue value = value(provider.query(spec, ResolvedArgs.of(Map.of()), PrometheusCredentials.NONE));
    assertThat(value.kind()).isEqualTo(MetricValue.Kind.SERIES);
    assertThat(value.values()).hasSizeBetween(1, 6).containsOnly(42.0);

    PrometheusMetric several = spec("replica_lag_seconds");
    several.rangeQuery = spec.rangeQuery;
    assertThat(provider.query(several, ResolvedArgs.of(Map.of()), PrometheusCredentials.NONE))
        .isInstanceOfSatisfying(MeasurementOutcome.Failure.class,
            f -> assertThat(f.message()).startsWith("range query returned 2 series"));

    PrometheusMetric none = spec("metric_that_does_not_exist");
    none.rangeQuery = spec.rangeQuery;
    assertThat(value(provider.query(none, ResolvedArgs.of(Map.of()), PrometheusCredentials.NONE)).isEmpty()).isTrue();
  }

  @Test
  void argumentsAreEscapedIntoLabelMatchers() {
    PrometheusMetric spec = spec("queue_depth{queue=\"{{args.queue}}\"}");
    MeasurementOutcome outcome = provider.query(spec, ResolvedArgs.of(Map.of("queue", "a\"b\\c")),
        PrometheusCredentials.NONE);
    assertThat(value(outcome).values()).containsExactly(7.0);
    MeasurementOutcome injected = provider.query(spec, ResolvedArgs.of(Map.of("queue", "x\"} or vector(1) or up{a=\"")),
        PrometheusCredentials.NONE);
    assertThat(value(injected).isEmpty()).isTrue();
  }

  @Test
  void argumentsCannotRewriteASingleQuotedOrRawMatcher() {
    PrometheusMetric single = spec("queue_depth{queue='{{args.queue}}'}");
    assertThat(value(provider.query(single, ResolvedArgs.of(Map.of("queue", "it's")), PrometheusCredentials.NONE))
        .values()).containsExactly(3.0);
    MeasurementOutcome injected = provider.query(single, ResolvedArgs.of(Map.of("queue", "'} or vector(1) #")),
        PrometheusCredentials.NONE);
    assertThat(value(injected).isEmpty()).isTrue();

    PrometheusMetric raw = spec("queue_depth{queue=`{{args.queue}}`}");
    assertThat(value(provider.query(raw, ResolvedArgs.of(Map.of("queue", "orders")), PrometheusCredentials.NONE))
        .values()).containsExactly(42.0);
    assertThat(provider.query(raw, ResolvedArgs.of(Map.of("queue", "`} or vector(1) #")), PrometheusCredentials.NONE))
        .isInstanceOfSatisfying(MeasurementOutcome.Failure.class, f -> assertThat(f.message())
            .startsWith("argument \"queue\" cannot be placed in the query safely"));

    PrometheusMetric bare = spec("sum(queue_depth) > {{args.threshold}}");
    assertThat(provider.query(bare, ResolvedArgs.of(Map.of("threshold", "1e9 or vector(1)")),
        PrometheusCredentials.NONE)).isInstanceOf(MeasurementOutcome.Failure.class);
    assertThat(value(provider.query(bare, ResolvedArgs.of(Map.of("threshold", "1e9")), PrometheusCredentials.NONE))
        .isEmpty()).isTrue();
  }

  @Test
  void timeoutReachesPrometheusWhichGivesUpOnASlowQuery() {
    // A subquery over millions of points takes Prometheus well over a millisecond to evaluate; a trivial query may
    // not, so the query has to be slow for the assertion not to race the server.
    PrometheusMetric spec = spec("sum(count_over_time(vector(1)[30d:1s]))");
    spec.timeout = "1ms";
    // Either the server gives up on its side or the client call times out; both are failures, never a value.
    assertThat(provider.query(spec, ResolvedArgs.of(Map.of()), PrometheusCredentials.NONE))
        .isInstanceOfSatisfying(MeasurementOutcome.Failure.class,
            f -> assertThat(f.message()).containsAnyOf("timed out", "timeout"));
  }

  // --- the whole path: evaluator, source, provider, Prometheus ---

  private static Metric metric(String name, String query, String success) {
    Metric metric = new Metric();
    metric.name = name;
    metric.successCondition = success;
    metric.provider = new MetricProvider();
    metric.provider.prometheus = spec(query);
    return metric;
  }

  private static Decision evaluate(AnalysisRunSpec spec, AnalysisRunStatus status) {
    return new AnalysisEvaluator().step(spec, status, Clock.systemUTC(),
        TestSources.of(provider, spec.args, (name, key) -> Optional.empty()));
  }

  @Test
  void successRateAnalysisPassesThenFailsAsErrorsAppear() throws Exception {
    String errorRatio = "sum(rate(http_requests_total{code=~\"5..\"}[4s])) / sum(rate(http_requests_total[4s]))";
    Argument threshold = new Argument();
    threshold.name = "service";
    threshold.value = "checkout";
    AnalysisRunSpec spec = new AnalysisRunSpec();
    spec.args = List.of(threshold);
    spec.metrics = List.of(metric("error-ratio", errorRatio, "result[0] < 0.1"));
    awaitValue(errorRatio, v -> v.values().size() == 1 && v.values().get(0) < 0.1);

    Decision passing = evaluate(spec, null);
    assertThat(passing.status().phase).isEqualTo(AnalysisPhase.Successful);

    errorsPerSecond.set(10.0);
    try {
      awaitValue(errorRatio, v -> v.values().size() == 1 && v.values().get(0) > 0.3);
      Decision failing = evaluate(spec, null);
      assertThat(failing.status().phase).isEqualTo(AnalysisPhase.Failed);
      Measurement measurement = failing.status().metricResults.get(0).measurements.get(0);
      assertThat(measurement.value).startsWith("[0.");
      assertThat(measurement.message).isEqualTo("successCondition is false");
    } finally {
      errorsPerSecond.set(0.0);
    }
  }

  @Test
  void emptyResultThroughTheEvaluatorIsNoData() {
    AnalysisRunSpec spec = new AnalysisRunSpec();
    spec.metrics = List.of(metric("missing", "metric_that_does_not_exist", "result[0] >= 0.99"));
    Decision decision = evaluate(spec, null);
    Measurement measurement = decision.status().metricResults.get(0).measurements.get(0);
    assertThat(measurement.phase).isEqualTo(AnalysisPhase.Error);
    assertThat(measurement.message).isEqualTo("query returned no data");
    assertThat(decision.requeueAfter()).hasValueSatisfying(wait -> assertThat(wait)
        .isBetween(AnalysisEvaluator.ERROR_RETRY_INTERVAL.minusSeconds(2), AnalysisEvaluator.ERROR_RETRY_INTERVAL));
  }

  @Test
  void nanThroughTheEvaluatorFailsASuccessCondition() {
    AnalysisRunSpec spec = new AnalysisRunSpec();
    spec.metrics = List.of(metric("ratio", "0/0", "result >= 0.99"));
    Decision decision = evaluate(spec, null);
    assertThat(decision.status().phase).isEqualTo(AnalysisPhase.Failed);
    assertThat(decision.status().metricResults.get(0).measurements.get(0).value).isEqualTo("NaN");
  }

  @Test
  void stoppedPrometheusGivesConnectionErrorsThatErrorTheRun() throws Exception {
    PrometheusServer doomed = PrometheusServer.start(List.of(endpoint.target()));
    try {
      assertThat(value(provider.query(specAt(doomed, "queue_depth{queue=\"orders\"}"), ResolvedArgs.of(Map.of()),
          PrometheusCredentials.NONE)).values()).containsExactly(42.0);
    } finally {
      doomed.stop();
    }
    assertThat(doomed.isRunning()).isFalse();

    MeasurementOutcome outcome = provider.query(specAt(doomed, "up"), ResolvedArgs.of(Map.of()),
        PrometheusCredentials.NONE);
    assertThat(outcome).isInstanceOfSatisfying(MeasurementOutcome.Failure.class, f -> assertThat(f.message())
        .startsWith("cannot connect to prometheus at " + doomed.url() + "/"));

    Metric metric = metric("up", "up", "result[0] == 1.0");
    metric.provider.prometheus.address = doomed.url();
    AnalysisRunSpec spec = new AnalysisRunSpec();
    spec.metrics = List.of(metric);
    AnalysisRunStatus status = null;
    // Retries are scheduled by requeue; a clock that jumps ahead replaces the 10s waits.
    Instant[] now = {Instant.now()};
    Clock clock = new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    Decision decision = null;
    for (int i = 0; i < 5; i++) {
      decision = new AnalysisEvaluator().step(spec, status, clock,
          TestSources.of(provider, List.of(), (n, k) -> Optional.empty()));
      status = decision.status();
      now[0] = now[0].plus(decision.requeueAfter().orElse(Duration.ZERO));
    }
    assertThat(status.phase).isEqualTo(AnalysisPhase.Error);
    assertThat(status.metricResults.get(0).measurements).hasSize(5)
        .allSatisfy(m -> assertThat(m.message).startsWith("cannot connect to prometheus"));
  }

  @Test
  void harnessRemovesItsDirectoryAndProcess() throws Exception {
    PrometheusServer server = PrometheusServer.start(List.of(endpoint.target()));
    ProcessHandle handle;
    Path directory;
    try {
      handle = ProcessHandle.allProcesses()
          .filter(p -> p.info().commandLine().orElse("").contains("127.0.0.1:" + server.port()))
          .findFirst().orElseThrow();
      directory = Path.of(handle.info().arguments().orElseThrow()[0].substring("--config.file=".length())).getParent();
      assertThat(Files.isDirectory(directory)).isTrue();
    } finally {
      server.close();
    }
    assertThat(handle.isAlive()).isFalse();
    assertThat(Files.exists(directory)).isFalse();
    server.close();
  }

  private static PrometheusMetric specAt(PrometheusServer server, String query) {
    PrometheusMetric spec = spec(query);
    spec.address = server.url();
    return spec;
  }
}
