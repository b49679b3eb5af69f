package dev.sluice.analysis.wavefront;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.args.QueryTemplate;
import dev.sluice.analysis.http.BoundedExchange;
import dev.sluice.analysis.http.HttpClients;
import dev.sluice.analysis.http.TlsSettings;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.analysis.provider.Provider;
import dev.sluice.analysis.provider.Timeouts;
import dev.sluice.api.status.StatusText;
import dev.sluice.api.v1alpha1.WavefrontMetric;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Argo Rollouts' {@code wavefront} provider over Wavefront's chart API: one
 * {@code GET <address>/api/v2/chart/api?q=<query>&s=<now>&e=<now>&g=s&p=1&i=true} per measurement with
 * {@code Authorization: Bearer <token>}, as Argo asks (start and end at the measurement's time, one point per series,
 * series outside the window included). For each series, the point closest to that time is the value: one series is a
 * number, several a list; no series is "no data". The token is the key named after the address's host in the Secret
 * {@code wavefront-api-tokens} of the run's namespace. Plain HTTP (Wavefront's Java SDK sends data, it does not
 * query). Answers above 16 MiB are refused; redirects are reported, not followed. Thread-safe.
 */
public final class WavefrontProvider implements Provider<WavefrontMetric>, AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final long MAX_ANSWER_BYTES = 16L * 1024 * 1024;
  static final int MAX_SERIES = 10_000;
  // Wavefront writes NaN as a bare token, which strict JSON has not.
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private static final WavefrontChecks CHECKS = new WavefrontChecks();
  private final HttpClients clients = new HttpClients();
  private final Clock clock;
  private final Duration timeout;

  public WavefrontProvider() {
    this(Clock.systemUTC(), TIMEOUT);
  }

  WavefrontProvider(Clock clock, Duration timeout) {
    this.clock = clock;
    this.timeout = Timeouts.bounded(timeout, TIMEOUT);
  }

  @Override
  public WavefrontChecks checks() {
    return CHECKS;
  }

  @Override
  public MeasurementOutcome measure(WavefrontMetric spec, MeasureContext context) {
    String base = spec.address == null ? null : WavefrontChecks.base(spec.address);
    if (base == null) {
      return MeasurementOutcome.failure("wavefront.address is not a host or an http(s):// URL");
    }
    long now = clock.millis();
    HttpUrl url;
    Request request;
    try {
      String tokenKey = WavefrontChecks.tokenKey(spec.address);
      String token = context.secret("wavefront token", new SecretKeySelector(tokenKey,
          WavefrontChecks.TOKENS_SECRET, false)).trim();
      String query = QueryTemplate.render(QueryTemplate.Dialect.WQL, spec.query == null ? "" : spec.query,
          context.args().values());
      url = HttpUrl.get(base).newBuilder().addPathSegments("api/v2/chart/api")
          .addQueryParameter("q", query)
          .addQueryParameter("s", Long.toString(now))
          .addQueryParameter("e", Long.toString(now))
          .addQueryParameter("g", "s")
          .addQueryParameter("p", "1")
          .addQueryParameter("i", "true")
          .build();
      request = new Request.Builder().url(url).header("Authorization", "Bearer " + token)
          .header("Accept", "application/json").get().build();
    } catch (ArgumentException e) {
      return MeasurementOutcome.failure("wavefront: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return MeasurementOutcome.failure("wavefront: " + (QueryTemplate.isRefusal(e)
          ? e.getMessage() : "the token in Secret " + WavefrontChecks.TOKENS_SECRET
              + " holds characters HTTP does not allow"));
    }
    String where = BoundedExchange.describe(url);
    BoundedExchange.Answer answer;
    try {
      answer = BoundedExchange.execute(clients.forTls(TlsSettings.DEFAULT), request, timeout, MAX_ANSWER_BYTES);
    } catch (BoundedExchange.TooLarge e) {
      return MeasurementOutcome.failure("wavefront answer exceeds " + e.limitText() + "; aggregate in the query");
    } catch (InterruptedIOException e) {
      return MeasurementOutcome.failure("wavefront at " + where + " did not answer within "
          + BoundedExchange.human(timeout));
    } catch (IOException | GeneralSecurityException e) {
      return MeasurementOutcome.failure("cannot reach wavefront at " + where + ": " + e.getMessage());
    }
    if (answer.redirect()) {
      return MeasurementOutcome.failure("wavefront at " + where + " answered with a redirect (HTTP "
          + answer.status() + "); set the address to where it points");
    }
    if (!answer.ok()) {
      String message = errorMessage(answer.body());
      if (answer.status() == 429) {
        return MeasurementOutcome.failure("wavefront at " + where + " rate limited the query (HTTP 429): " + message);
      }
      return MeasurementOutcome.failure("wavefront at " + where + " answered HTTP " + answer.status() + ": "
          + message);
    }
    return values(answer.body(), now / 1000.0);
  }

  /**
   * The chart API's answer: {"timeseries": [{"label", "host", "tags", "data": [[epoch seconds, value], ...]}], ...};
   * a failed query answers {"errorType", "errorMessage"} instead.
   */
  static MeasurementOutcome values(String body, double atSeconds) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return MeasurementOutcome.failure("wavefront answered something other than JSON: " + StatusText.message(body));
    }
    if (root == null || !root.isObject()) {
      return MeasurementOutcome.failure("wavefront answer is not a chart API object: " + StatusText.message(body));
    }
    if (root.hasNonNull("errorType") || root.hasNonNull("errorMessage")) {
      return MeasurementOutcome.failure("wavefront query failed: " + StatusText.message(
          root.path("errorType").asText("") + ": " + root.path("errorMessage").asText("")));
    }
    JsonNode series = root.path("timeseries");
    if (series.isMissingNode() || series.isNull()) {
      return MeasurementOutcome.value(new MetricValue(MetricValue.Kind.VECTOR, List.of(), "[]"));
    }
    if (!series.isArray()) {
      return MeasurementOutcome.failure("wavefront timeseries is not a list");
    }
    if (series.size() > MAX_SERIES) {
      return MeasurementOutcome.failure("wavefront answered " + series.size() + " series, more than " + MAX_SERIES
          + "; aggregate in the query");
    }
    List<Double> values = new ArrayList<>();
    for (JsonNode one : series) {
      Double closest = null;
      double distance = Double.POSITIVE_INFINITY;
      for (JsonNode point : one.path("data")) {
        if (!point.isArray() || point.size() < 2 || !point.get(0).isNumber()) {
          return MeasurementOutcome.failure("wavefront data point is not [time, value]: "
              + StatusText.message(point.toString()));
        }
        JsonNode value = point.get(1);
        if (!value.isNumber()) {
          return MeasurementOutcome.failure("wavefront value is not a number: " + StatusText.message(value.toString()));
        }
        double d = Math.abs(point.get(0).asDouble() - atSeconds);
        if (d < distance) {
          distance = d;
          closest = value.asDouble();
        }
      }
      if (closest != null) {
        values.add(closest);
      }
    }
    MetricValue.Kind kind = values.size() == 1 ? MetricValue.Kind.SCALAR : MetricValue.Kind.VECTOR;
    return MeasurementOutcome.value(new MetricValue(kind, values,
        kind == MetricValue.Kind.SCALAR ? MetricValue.format(values.get(0))
            : MetricValue.listDisplay(values.stream().map(MetricValue::format).toList())));
  }

  /** Wavefront's error bodies: {"status": {"message"}} from the REST API, or the chart API's errorMessage. */
  static String errorMessage(String body) {
    try {
      JsonNode error = JSON.readTree(body);
      if (error != null && error.isObject()) {
        JsonNode message = error.path("status").path("message");
        if (message.isTextual()) {
          return StatusText.message(message.asText());
        }
        if (error.path("errorMessage").isTextual()) {
          return StatusText.message(error.path("errorMessage").asText());
        }
        if (error.path("message").isTextual()) {
          return StatusText.message(error.path("message").asText());
        }
      }
    } catch (IOException e) {
      // not JSON: quote its start
    }
    return StatusText.message(body);
  }

  @Override
  public void close() {
    clients.close();
  }
}
