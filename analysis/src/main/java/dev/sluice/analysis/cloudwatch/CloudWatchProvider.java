package dev.sluice.analysis.cloudwatch;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.analysis.provider.Provider;
import dev.sluice.analysis.provider.Timeouts;
import dev.sluice.api.status.StatusText;
import dev.sluice.api.v1alpha1.CloudWatchMetric;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.MessageData;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

/**
 * One GetMetricData call per measurement over the AWS SDK for Java v2, with the operator's AWS default credential
 * chain and region (as Argo Rollouts' CloudWatch provider uses the operator's environment). The values of the one
 * query that returns data, oldest first, are the result. Pages are followed up to a bound; an answer with more points
 * than {@link #MAX_POINTS} is refused rather than held. Thread-safe; one client per process, made on first use so a
 * controller without AWS configuration starts and only CloudWatch metrics fail.
 */
public final class CloudWatchProvider implements Provider<CloudWatchMetric>, AutoCloseable {
  /** Argo Rollouts' default look-back. */
  static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  static final int MAX_POINTS = 10_000;
  static final int MAX_PAGES = 10;
  private static final CloudWatchChecks CHECKS = new CloudWatchChecks();

  private final Clock clock;
  private final Supplier<CloudWatchClient> factory;
  private CloudWatchClient client;

  public CloudWatchProvider() {
    this(Clock.systemUTC(), CloudWatchProvider::defaultClient);
  }

  CloudWatchProvider(Clock clock, Supplier<CloudWatchClient> factory) {
    this.clock = clock;
    this.factory = factory;
  }

  /** Region, credentials and endpoint (AWS_ENDPOINT_URL) as the SDK finds them in the operator's environment. */
  private static CloudWatchClient defaultClient() {
    return CloudWatchClient.builder()
        .httpClientBuilder(UrlConnectionHttpClient.builder()
            .connectionTimeout(Duration.ofSeconds(10))
            .socketTimeout(Timeouts.MAX))
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .build();
  }

  @Override
  public CloudWatchChecks checks() {
    return CHECKS;
  }

  @Override
  public MeasurementOutcome measure(CloudWatchMetric spec, MeasureContext context) {
    GetMetricDataRequest request;
    try {
      request = CloudWatchRequests.build(spec, context.args().values(), clock.instant(), DEFAULT_INTERVAL);
    } catch (ArgumentException | IllegalArgumentException e) {
      return MeasurementOutcome.failure("cloudWatch: " + e.getMessage());
    }
    CloudWatchClient cloudWatch;
    try {
      cloudWatch = client();
    } catch (SdkException e) {
      return MeasurementOutcome.failure("cloudWatch: no AWS client for the operator: " + firstLine(e.getMessage())
          + " (set AWS_REGION, and credentials such as IRSA, on the operator)");
    }
    Duration timeout = Timeouts.bounded(null, DEFAULT_TIMEOUT);
    Map<String, TreeMap<Instant, Double>> points = new TreeMap<>();
    List<String> messages = new ArrayList<>();
    String nextToken = null;
    int total = 0;
    try {
      for (int page = 0; page < MAX_PAGES; page++) {
        GetMetricDataResponse response = cloudWatch.getMetricData(request.toBuilder().nextToken(nextToken)
            .overrideConfiguration(o -> o.apiCallTimeout(timeout)).build());
        for (MessageData message : response.messages()) {
          messages.add(message.code() + ": " + message.value());
        }
        for (MetricDataResult result : response.metricDataResults()) {
          if (result.statusCode() == StatusCode.INTERNAL_ERROR || result.statusCode() == StatusCode.FORBIDDEN) {
            return MeasurementOutcome.failure("cloudWatch query \"" + StatusText.message(result.id()) + "\" failed: "
                + result.statusCodeAsString() + messagesOf(result.messages()));
          }
          TreeMap<Instant, Double> series = points.computeIfAbsent(result.id(), id -> new TreeMap<>());
          List<Instant> times = result.timestamps();
          List<Double> values = result.values();
          for (int i = 0; i < Math.min(times.size(), values.size()); i++) {
            series.put(times.get(i), values.get(i));
          }
          total += values.size();
          if (total > MAX_POINTS) {
            return MeasurementOutcome.failure("cloudWatch answered more than " + MAX_POINTS + " points; shorten"
                + " interval or raise the period");
          }
        }
        nextToken = response.nextToken();
        if (nextToken == null) {
          break;
        }
      }
    } catch (ApiCallTimeoutException e) {
      return MeasurementOutcome.failure("cloudWatch GetMetricData did not answer within " + timeout.toSeconds() + "s");
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      String what = e.isThrottlingException() ? "throttled GetMetricData (rate limited)" : "refused GetMetricData";
      return MeasurementOutcome.failure("cloudWatch " + what + " (HTTP " + e.statusCode()
          + (code == null ? "" : ", " + code) + "): " + firstLine(serviceMessage(e)));
    } catch (SdkClientException e) {
      return MeasurementOutcome.failure("cannot reach cloudWatch: " + firstLine(e.getMessage()));
    }
    if (nextToken != null) {
      return MeasurementOutcome.failure("cloudWatch answered more than " + MAX_PAGES + " pages; shorten interval or"
          + " raise the period");
    }
    return result(points, messages);
  }

  /** The one returned query's values, oldest first; none returned is an error naming CloudWatch's messages. */
  private static MeasurementOutcome result(Map<String, TreeMap<Instant, Double>> points, List<String> messages) {
    if (points.isEmpty()) {
      return MeasurementOutcome.failure("cloudWatch returned no query results"
          + (messages.isEmpty() ? "" : ": " + StatusText.message(String.join("; ", messages))));
    }
    if (points.size() > 1) {
      return MeasurementOutcome.failure("cloudWatch returned " + points.size() + " queries (" + String.join(", ",
          points.keySet()) + "); conditions need one: set returnData: false on the others");
    }
    List<Double> values = List.copyOf(points.values().iterator().next().values());
    return MeasurementOutcome.value(new MetricValue(MetricValue.Kind.QUERY_RESULT, values,
        MetricValue.listDisplay(values.stream().map(MetricValue::format).toList())));
  }

  private static String messagesOf(List<MessageData> messages) {
    if (messages.isEmpty()) {
      return "";
    }
    return ": " + StatusText.message(String.join("; ", messages.stream().map(m -> m.code() + " " + m.value()).toList()));
  }

  private static String serviceMessage(AwsServiceException e) {
    return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
        ? e.awsErrorDetails().errorMessage() : e.getMessage();
  }

  private static String firstLine(String text) {
    return text == null ? "" : StatusText.message(text.lines().findFirst().orElse(""));
  }

  private synchronized CloudWatchClient client() {
    if (client == null) {
      client = factory.get();
    }
    return client;
  }

  @Override
  public synchronized void close() {
    if (client != null) {
      client.close();
    }
  }

}
