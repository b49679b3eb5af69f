package dev.sluice.analysis.evaluation;

import static dev.sluice.analysis.evaluation.Specs.metric;
import static dev.sluice.analysis.evaluation.Specs.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.Providers;
import dev.sluice.api.v1alpha1.AnalysisRunSpec;
import dev.sluice.api.v1alpha1.AnalysisTemplateSpec;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisSpecValidatorTest {
  private final AnalysisSpecValidator validator = new AnalysisSpecValidator(new ConditionCompiler());

  private List<String> problems(Metric... metrics) {
    return validator.validate(run(metrics));
  }

  @Test
  void validTemplate() {
    AnalysisTemplateSpec template = new AnalysisTemplateSpec();
    Argument service = new Argument();
    service.name = "service";
    template.args = List.of(service);
    template.metrics = List.of(metric("success-rate").success("result[0] >= 0.99").interval("30s").count(5)
        .failureLimit(1).query("sum(rate(http_requests_total{service=\"{{args.service}}\"}[1m]))").build());
    assertThat(validator.validate(template)).isEmpty();
  }

  @Test
  void conditionThatDoesNotCompileIsReportedWithItsMetricAndField() {
    assertThat(problems(metric("rate").success("result[0] >=").build(), metric("ok").failure("result > 1").build()))
        .singleElement().satisfies(p -> assertThat(p)
            .startsWith("metric \"rate\": successCondition: neither CEL (1:13: ")
            .contains("nor Argo Rollouts' expression language (at character 13: unexpected end of expression)"));
    assertThat(problems(metric("rate").failure("result == 'yes'").build())).singleElement()
        .satisfies(p -> assertThat(p).startsWith("metric \"rate\": failureCondition: ").contains("(double, string)"));
  }

  @Test
  void everyProblemIsListed() {
    Metric bad = metric("bad").interval("soon").initialDelay("-1s").count(-1).failureLimit(-2).inconclusiveLimit(-2)
        .consecutiveErrorLimit(-3).build();
    assertThat(problems(bad)).containsExactlyInAnyOrder(
        "metric \"bad\": interval: invalid duration \"soon\": use a number and a unit (ms, s, m, h), e.g. 30s, 5m, 1h",
        "metric \"bad\": initialDelay: invalid duration \"-1s\": use a number and a unit (ms, s, m, h), e.g. 30s, 5m, 1h",
        "metric \"bad\": count must not be negative",
        "metric \"bad\": failureLimit must be -1 or more",
        "metric \"bad\": inconclusiveLimit must not be negative",
        "metric \"bad\": consecutiveErrorLimit must not be negative",
        "metric \"bad\": needs successCondition, failureCondition or both");
  }

  @Test
  void aJobMetricNeedsNoConditionSinceTheJobDecides() {
    Metric job = metric("smoke").build();
    job.provider = new dev.sluice.api.v1alpha1.MetricProvider();
    job.provider.job = new dev.sluice.api.v1alpha1.JobMetric();
    job.provider.job.spec = new io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder().withNewTemplate().withNewSpec()
        .withRestartPolicy("Never").addNewContainer().withName("c").withImage("i").endContainer().endSpec()
        .endTemplate().build();
    assertThat(problems(job)).isEmpty();
    job.provider.job = null;
    job.provider.web = new dev.sluice.api.v1alpha1.WebMetric();
    job.provider.web.url = "http://x/";
    assertThat(problems(job)).containsExactly("metric \"smoke\": needs successCondition, failureCondition or both");
  }

  @Test
  void templateFieldsMayReferToDeclaredArgumentsOnly() {
    AnalysisTemplateSpec template = new AnalysisTemplateSpec();
    template.args = List.of(Specs.arg("runs", null), Specs.arg("limit", null), Specs.arg("every", "1m"));
    template.metrics = List.of(metric("m").success("result > 0.5").count("{{args.runs}}").failureLimit("{{ args.limit }}")
        .inconclusiveLimit("{{args.limit}}").consecutiveErrorLimit("{{args.limit}}").interval("{{args.every}}")
        .initialDelay("{{args.every}}").build());
    assertThat(validator.validate(template)).isEmpty();

    template.metrics = List.of(metric("m").success("result > 0.5").count("{{args.rnus}}").interval("{{args.evry}}")
        .build());
    assertThat(validator.validate(template)).containsExactlyInAnyOrder(
        "metric \"m\": count uses {{args.rnus}}, but no argument \"rnus\" is declared",
        "metric \"m\": interval uses {{args.evry}}, but no argument \"evry\" is declared");
  }

  @Test
  void runFieldsAreReadWithTheirArguments() {
    AnalysisRunSpec spec = run(metric("m").success("result > 0.5").count("{{args.runs}}").failureLimit("{{args.limit}}")
        .interval("{{args.every}}").build());
    spec.args = List.of(Specs.arg("runs", "3"), Specs.arg("limit", "1"), Specs.arg("every", "30s"));
    assertThat(validator.validate(spec)).isEmpty();

    spec.args = List.of(Specs.arg("runs", "three"), Specs.arg("limit", "-5"), Specs.arg("every", "soon"));
    assertThat(validator.validate(spec)).containsExactlyInAnyOrder(
        "metric \"m\": count: \"three\" is not a whole number (from {{args.runs}})",
        "metric \"m\": failureLimit must be -1 or more (from {{args.limit}})",
        "metric \"m\": interval: invalid duration \"soon\": use a number and a unit (ms, s, m, h), e.g. 30s, 5m, 1h"
            + " (from {{args.every}})");

    Argument secret = Specs.arg("runs", null);
    secret.valueFrom = new Argument.ValueFrom();
    spec.args = List.of(secret, Specs.arg("limit", "1"), Specs.arg("every", "30s"));
    assertThat(validator.validate(spec)).containsExactly("metric \"m\": count uses {{args.runs}}, which has no plain"
        + " value (a value from a Secret is not used in conditions, counts, limits or durations)");
  }

  @Test
  void conditionsMayHoldArgumentsAsInArgo() {
    AnalysisTemplateSpec template = new AnalysisTemplateSpec();
    template.args = List.of(Specs.arg("threshold", null));
    template.metrics = List.of(metric("m").success("result[0] >= {{args.threshold}}")
        .failure("default(result, 0) > {{ args.threshold }}").build());
    assertThat(validator.validate(template)).isEmpty();
    template.metrics = List.of(metric("m").success("result[0] >= {{args.treshold}}").build());
    assertThat(validator.validate(template)).containsExactly(
        "metric \"m\": successCondition uses {{args.treshold}}, but no argument \"treshold\" is declared");
    template.metrics = List.of(metric("m").success("result[0] >= {{args.threshold}} +").build());
    assertThat(validator.validate(template)).singleElement().satisfies(p -> assertThat(p)
        .startsWith("metric \"m\": successCondition: neither CEL"));

    AnalysisRunSpec spec = run(metric("m").success("result[0] >= {{args.threshold}}").build());
    spec.args = List.of(Specs.arg("threshold", "0.95"));
    assertThat(validator.validate(spec)).isEmpty();
    spec.args = List.of(Specs.arg("threshold", "high"));
    assertThat(validator.validate(spec)).singleElement().satisfies(p -> assertThat(p)
        .startsWith("metric \"m\": successCondition: ").contains("high"));
  }

  @Test
  void theAddressMayHoldAnArgumentAsInArgosDocs() {
    AnalysisTemplateSpec template = new AnalysisTemplateSpec();
    template.args = List.of(Specs.arg("prometheus-port", "9090"));
    Metric metric = metric("m").success("result[0] >= 0.95").build();
    metric.provider.prometheus.address = "http://prometheus.example.com:{{args.prometheus-port}}";
    template.metrics = List.of(metric);
    assertThat(validator.validate(template)).isEmpty();
    template.args = List.of();
    assertThat(validator.validate(template)).containsExactly("metric \"m\": prometheus.address uses"
        + " {{args.prometheus-port}}, but no argument \"prometheus-port\" is declared");

    AnalysisRunSpec spec = run(metric);
    spec.args = List.of(Specs.arg("prometheus-port", "9090"));
    assertThat(validator.validate(spec)).isEmpty();
    spec.args = List.of(Specs.arg("prometheus-port", "90 90"));
    assertThat(validator.validate(spec)).containsExactly(
        "metric \"m\": prometheus.address must be an http:// or https:// URL");
  }

  @Test
  void failureLimitMinusOneNeedsConsecutiveSuccessLimitAsInArgo() {
    assertThat(problems(metric("m").success("result > 0.5").failureLimit(-1).build())).containsExactly(
        "metric \"m\": failureLimit -1 (no failure limit) needs a consecutiveSuccessLimit above 0, as in Argo"
            + " Rollouts");
    assertThat(problems(metric("m").success("result > 0.5").interval("1m").failureLimit(-1)
        .consecutiveSuccessLimit(4).build())).isEmpty();
    assertThat(problems(metric("m").success("result > 0.5").interval("1m").count(5).failureLimit(2)
        .consecutiveSuccessLimit(4).build())).containsExactly(
        "metric \"m\": count (5) must be at least failureLimit + consecutiveSuccessLimit (2 + 4)");
    assertThat(problems(metric("m").success("result > 0.5").interval("1m").count(3).failureLimit(-1)
        .consecutiveSuccessLimit(4).build())).containsExactly(
        "metric \"m\": count (3) must be at least consecutiveSuccessLimit (4)");
    assertThat(problems(metric("m").success("result > 0.5").inconclusiveLimit(-1).build()))
        .containsExactly("metric \"m\": inconclusiveLimit must not be negative");
  }

  @Test
  void prometheusTimeoutIsSecondsOrADuration() {
    Metric seconds = metric("m").success("result > 0.5").build();
    seconds.provider.prometheus.timeout = "40";
    assertThat(problems(seconds)).isEmpty();
    seconds.provider.prometheus.timeout = "40s";
    assertThat(problems(seconds)).isEmpty();
    seconds.provider.prometheus.timeout = "0";
    assertThat(problems(seconds)).containsExactly("metric \"m\": prometheus.timeout must be positive");
  }

  @Test
  void countAboveOneNeedsAnInterval() {
    assertThat(problems(metric("m").success("result > 0.5").count(3).build()))
        .containsExactly("metric \"m\": count above 1 needs an interval");
    assertThat(problems(metric("m").success("result > 0.5").count(1).build())).isEmpty();
    assertThat(problems(metric("m").success("result > 0.5").interval("0s").build()))
        .containsExactly("metric \"m\": interval must be positive");
  }

  @Test
  void duplicateAndMissingNames() {
    assertThat(problems(metric("m").success("result > 0.5").build(), metric("m").success("result > 0.5").build()))
        .containsExactly("metric \"m\" is defined twice");
    assertThat(problems(metric(null).success("result > 0.5").build())).containsExactly("a metric has no name");
    assertThat(validator.validate(run())).containsExactly("no metrics");
  }

  @Test
  void fieldsOfResultAreRefusedWhereTheProviderGivesNumbers() {
    assertThat(problems(metric("w").success("result.ok && result.successPercent >= 0.90").build())).containsExactly(
        "metric \"w\": successCondition: reads fields of result (result.name), but this provider's result is a number"
            + " or a list of numbers; only newRelic's and cloudWatch's results have fields, and web's JSON answers");
  }

  /** The same metric with a web provider instead of Prometheus. */
  private static Metric web(Metric metric) {
    metric.provider = new dev.sluice.api.v1alpha1.MetricProvider();
    metric.provider.web = new dev.sluice.api.v1alpha1.WebMetric();
    metric.provider.web.url = "http://health.example/status";
    return metric;
  }

  private static Metric newRelic(Metric metric) {
    metric.provider = new dev.sluice.api.v1alpha1.MetricProvider();
    metric.provider.newRelic = new dev.sluice.api.v1alpha1.NewRelicMetric();
    metric.provider.newRelic.query = "SELECT count(*) FROM Transaction";
    return metric;
  }

  @Test
  void webConditionsMayTakeResultAsAnyJsonValueAsArgoWritesThem() {
    for (String condition : List.of("result == true", "result.ok", "result.ok && result.successPercent >= 0.90",
        "result == \"ok\"", "result == 'ok'", "len(result) > 0", "result", "result > 0.9")) {
      assertThat(problems(web(metric("w").success(condition).build()))).as(condition).isEmpty();
    }
  }

  @Test
  void aConditionOnABooleanOrAStringIsRefusedWhereTheProviderGivesNumbersOrRows() {
    assertThat(problems(metric("p").success("result == true").build())).singleElement()
        .satisfies(p -> assertThat(p).startsWith("metric \"p\": successCondition: ").contains("(double, bool)"));
    assertThat(problems(newRelic(metric("n").failure("result == \"ok\"").build()))).singleElement()
        .satisfies(p -> assertThat(p).startsWith("metric \"n\": failureCondition: ").contains("(double, string)"));
    // Fields stay New Relic's: no change there.
    assertThat(problems(newRelic(metric("n").success("result.successRate >= 95").build()))).isEmpty();
  }

  @Test
  void providerChecks() {
    Metric noProvider = metric("a").success("result > 0.5").build();
    noProvider.provider.prometheus = null;
    Metric badAddress = metric("b").success("result > 0.5").build();
    badAddress.provider.prometheus.address = "prometheus:9090";
    Metric emptyQuery = metric("c").success("result > 0.5").query(" ").build();
    Metric badTimeout = metric("d").success("result > 0.5").build();
    badTimeout.provider.prometheus.timeout = "30 seconds";
    Metric both = metric("e").success("result > 0.5").build();
    both.provider.prometheus.authentication = new PrometheusMetric.Authentication();
    both.provider.prometheus.authentication.bearer = new SecretKeySelector("token", "s", false);
    both.provider.prometheus.authentication.basic = new PrometheusMetric.BasicAuth();
    assertThat(problems(noProvider, badAddress, emptyQuery, badTimeout, both)).containsExactly(
        "metric \"a\": provider needs one of " + String.join(", ", Providers.forChecks().names()),
        "metric \"b\": prometheus.address must be an http:// or https:// URL",
        "metric \"c\": prometheus.query is empty",
        "metric \"d\": prometheus.timeout: invalid duration \"30 seconds\": use a number and a unit (ms, s, m, h), e.g. 30s, 5m, 1h",
        "metric \"e\": prometheus.authentication: bearer, basic, basicAuth, oauth2 and sigv4 are mutually exclusive");
  }

  @Test
  void rangeQueryChecks() {
    Metric metric = metric("r").success("result.all(x, x < 1.0)").build();
    metric.provider.prometheus.rangeQuery = new PrometheusMetric.RangeQuery();
    metric.provider.prometheus.rangeQuery.start = "5m";
    metric.provider.prometheus.rangeQuery.end = "now-";
    metric.provider.prometheus.rangeQuery.step = "0s";
    assertThat(problems(metric)).containsExactly(
        "metric \"r\": prometheus.rangeQuery.start must be \"now\", \"now-<duration>\" or Argo's"
            + " now() - duration(\"<duration>\"), got \"5m\"",
        "metric \"r\": prometheus.rangeQuery.end must be \"now\", \"now-<duration>\" or Argo's"
            + " now() - duration(\"<duration>\"), got \"now-\"",
        "metric \"r\": prometheus.rangeQuery.step must be positive");
    metric.provider.prometheus.rangeQuery.start = "now-1h30m";
    metric.provider.prometheus.rangeQuery.end = null;
    metric.provider.prometheus.rangeQuery.step = "1m";
    assertThat(problems(metric)).isEmpty();
    metric.provider.prometheus.rangeQuery.start = "now() - duration(\"{{args.lookback}}\")";
    metric.provider.prometheus.rangeQuery.end = "now()";
    AnalysisRunSpec spec = run(metric);
    spec.args = List.of(Specs.arg("lookback", "15m"));
    assertThat(validator.validate(spec)).isEmpty();
    spec.args = List.of(Specs.arg("lookback", "a while"));
    assertThat(validator.validate(spec)).containsExactly("metric \"r\": prometheus.rangeQuery.start: invalid duration"
        + " \"a while\": use a number and a unit (ms, s, m, h), e.g. 30s, 5m, 1h (from now() - duration(\"{{args.lookback}}\"))");
  }

  @Test
  void queryArgumentsMustBeDeclared() {
    AnalysisRunSpec spec = run(metric("m").success("result > 0.5")
        .query("up{service=\"{{args.service}}\", ns=\"{{ args.namespace }}\"}").build());
    spec.args = List.of(Specs.arg("service", "checkout"));
    assertThat(validator.validate(spec)).containsExactly(
        "metric \"m\": prometheus.query uses {{args.namespace}}, but no argument \"namespace\" is declared");
  }

  @Test
  void selectorsMustMatchAMetricAndParse() {
    AnalysisRunSpec spec = Specs.dryRun(run(metric("rate").success("result > 0.5").build()), "latency", "(");
    assertThat(validator.validate(spec)).containsExactly(
        "dryRun[0]: metricName \"latency\" matches no metric",
        "dryRun[1]: metricName \"(\" is neither a metric name nor a valid regular expression (Unclosed group)");
    AnalysisRunSpec retention = Specs.retention(run(metric("rate").success("result > 0.5").build()), "rate", -1);
    assertThat(validator.validate(retention)).containsExactly("measurementRetention[0]: limit must be at least 0 (0 keeps the default 10)");
  }

  /** Argo takes limit 0 as "not set": the default number of measurements is kept. */
  @Test
  void aRetentionLimitOfZeroIsTheDefault() {
    AnalysisRunSpec retention = Specs.retention(run(metric("rate").success("result > 0.5").build()), "rate", 0);
    assertThat(validator.validate(retention)).isEmpty();
  }

  /**
   * A template that references others (spec.templates) may have no metrics of its own, use arguments and name metrics
   * in dryRun that the referenced templates declare; its own metrics are still checked.
   */
  @Test
  void aTemplateOfTemplatesIsCheckedAsFarAsItsOwnPartGoes() {
    AnalysisTemplateSpec template = new AnalysisTemplateSpec();
    template.templates = List.of(new dev.sluice.api.v1alpha1.AnalysisTemplateRef());
    template.dryRun = List.of(new dev.sluice.api.v1alpha1.MetricSelector());
    template.dryRun.get(0).metricName = "error-rate";
    assertThat(validator.validate(template)).isEmpty();
    template.metrics = List.of(metric("own").success("result >").build());
    assertThat(validator.validate(template)).singleElement().asString().contains("own").contains("successCondition");
  }
}
