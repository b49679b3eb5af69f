package dev.sluice.analysis.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.args.ResolvedArgs;
import dev.sluice.analysis.condition.Condition;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.AnalysisRunRef;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.analysis.testing.MotoServer;
import dev.sluice.api.v1alpha1.CloudWatchMetric;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The CloudWatch provider against a real moto server: the provider is built as in production (region, credentials
 * and endpoint from the AWS default chain, here its system-property sources), data is put with PutMetricData, and
 * Argo's documented queries (a metric stat, and Argo's example's {@code errors / requests} expression) come back as
 * the values conditions check.
 */
@Tag("aws")
class CloudWatchProviderIntegrationTest {
  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MINUTES);
  private static MotoServer moto;
  private static CloudWatchProvider provider;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    System.setProperty("aws.region", "eu-west-1");
    System.setProperty("aws.accessKeyId", "AKIDMOTOTESTSLUICE");
    System.setProperty("aws.secretAccessKey", "moto-test-secret");
    System.setProperty("aws.endpointUrlCloudWatch", moto.url());
    provider = new CloudWatchProvider();
    try (CloudWatchClient writer = CloudWatchClient.builder()
        .endpointOverride(URI.create(moto.url()))
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build()) {
      List<MetricDatum> data = new ArrayList<>();
      for (int minute = 4; minute >= 1; minute--) {
        Instant at = NOW.minus(minute, ChronoUnit.MINUTES);
        data.add(datum("requests", "stable", at, 100));
        data.add(datum("errors", "stable", at, 0.5));
        data.add(datum("requests", "canary", at, 100));
        data.add(datum("errors", "canary", at, minute <= 2 ? 9 : 1));
        data.add(datum("error_rate", "stable", at, 0.005));
        data.add(datum("error_rate", "canary", at, minute <= 2 ? 0.09 : 0.005));
      }
      writer.putMetricData(r -> r.namespace("app").metricData(data));
    }
  }

  private static MetricDatum datum(String name, String track, Instant at, double value) {
    return MetricDatum.builder().metricName(name).timestamp(at).value(value).unit(StandardUnit.COUNT)
        .dimensions(Dimension.builder().name("track").value(track).build()).build();
  }

  @AfterAll
  static void stop() {
    for (String property : List.of("aws.region", "aws.accessKeyId", "aws.secretAccessKey",
        "aws.endpointUrlCloudWatch")) {
      System.clearProperty(property);
    }
    if (provider != null) {
      provider.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  private static CloudWatchMetric.MetricDataQuery stat(String id, String metricName, boolean returnData) {
    CloudWatchMetric.MetricDataQuery query = new CloudWatchMetric.MetricDataQuery();
    query.id = id;
    query.returnData = returnData ? null : false;
    query.metricStat = new CloudWatchMetric.MetricStat();
    query.metricStat.metric = new CloudWatchMetric.MetricRef();
    query.metricStat.metric.namespace = "app";
    query.metricStat.metric.metricName = metricName;
    CloudWatchMetric.Dimension track = new CloudWatchMetric.Dimension();
    track.name = "track";
    track.value = "{{args.track}}";
    query.metricStat.metric.dimensions = List.of(track);
    query.metricStat.period = "60";
    query.metricStat.stat = "Sum";
    query.metricStat.unit = "Count";
    return query;
  }

  /** An error rate per track, with Argo's example condition on it. */
  private static CloudWatchMetric errorRate() {
    CloudWatchMetric spec = new CloudWatchMetric();
    spec.interval = "10m";
    CloudWatchMetric.MetricDataQuery rate = stat("rate", "error_rate", true);
    rate.metricStat.stat = "Average";
    rate.metricStat.unit = null;
    spec.metricDataQueries = List.of(rate);
    return spec;
  }

  private static MeasurementOutcome measure(CloudWatchMetric spec, String track) {
    MeasureContext context = new MeasureContext(new AnalysisRunRef("ns", "run", "uid"),
        ResolvedArgs.of(Map.of("track", track)), (name, key) -> Optional.empty(), null, "error-rate", 0);
    return provider.measure(spec, context);
  }

  private static List<Double> values(MeasurementOutcome outcome) {
    assertThat(outcome).as("%s\nmoto log:\n%s", outcome, moto.logTail()).isInstanceOf(MeasurementOutcome.Value.class);
    MetricValue value = ((MeasurementOutcome.Value) outcome).value();
    assertThat(value.kind()).isEqualTo(MetricValue.Kind.QUERY_RESULT);
    return value.values();
  }

  @Test
  void aMetricStatGivesItsPointsOldestFirst() {
    CloudWatchMetric spec = new CloudWatchMetric();
    spec.interval = "10m";
    spec.metricDataQueries = List.of(stat("errors", "errors", true));

    assertThat(values(measure(spec, "canary"))).containsExactly(1.0, 1.0, 9.0, 9.0);
  }

  @Test
  void argosConditionPassesTheStableTrackAndFailsTheCanary() throws Exception {
    // Argo's documented condition indexes GetMetricData's answer; Sluice's own form is all(result, # <= 0.01).
    Condition argos = new ConditionCompiler().compile("all(result[0].Values, {# <= 0.01})");
    Condition sluices = new ConditionCompiler().compile("all(result, # <= 0.01)");

    MeasurementOutcome stable = measure(errorRate(), "stable");
    MeasurementOutcome canary = measure(errorRate(), "canary");

    assertThat(values(stable)).containsExactly(0.005, 0.005, 0.005, 0.005);
    assertThat(values(canary)).containsExactly(0.005, 0.005, 0.09, 0.09);
    for (Condition condition : List.of(argos, sluices)) {
      assertThat(condition.evaluate(((MeasurementOutcome.Value) stable).value())).isTrue();
      assertThat(condition.evaluate(((MeasurementOutcome.Value) canary).value())).isFalse();
    }
  }

  /**
   * Argo's example shape: an expression returns, the stats it reads do not. moto's metric math evaluates only an
   * expression that names one query (AWS evaluates any), so the expression here is the query's id.
   */
  @Test
  void onlyTheQueryThatReturnsDataIsTheResult() {
    CloudWatchMetric spec = new CloudWatchMetric();
    CloudWatchMetric.MetricDataQuery errors = new CloudWatchMetric.MetricDataQuery();
    errors.id = "canaryerrors";
    errors.expression = "errors";
    spec.interval = "10m";
    spec.metricDataQueries = List.of(errors, stat("errors", "errors", false), stat("requests", "requests", false));

    assertThat(values(measure(spec, "canary"))).containsExactly(1.0, 1.0, 9.0, 9.0);
  }

  @Test
  void noDataInTheWindowIsAnEmptyResult() {
    CloudWatchMetric spec = new CloudWatchMetric();
    CloudWatchMetric.MetricDataQuery query = stat("missing", "latency", true);
    spec.metricDataQueries = List.of(query);

    assertThat(values(measure(spec, "canary"))).isEmpty();
  }

  @Test
  void twoQueriesReturningDataAreAnErrorSayingWhichToSilence() {
    CloudWatchMetric spec = new CloudWatchMetric();
    spec.metricDataQueries = List.of(stat("errors", "errors", true), stat("requests", "requests", true));

    MeasurementOutcome outcome = measure(spec, "canary");

    assertThat(((MeasurementOutcome.Failure) outcome).message()).isEqualTo("cloudWatch returned 2 queries (errors,"
        + " requests); conditions need one: set returnData: false on the others");
  }
}
