package dev.sluice.analysis.graphite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.args.ArgTemplate;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.http.BoundedExchange;
import dev.sluice.analysis.http.HttpClients;
import dev.sluice.analysis.http.TlsSettings;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.analysis.provider.Provider;
import dev.sluice.analysis.provider.Timeouts;
import dev.sluice.api.status.StatusText;
import dev.sluice.api.v1alpha1.GraphiteMetric;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * One GET of graphite-web's render API ({@code <address>/render?<query>&format=json}) per measurement, as Argo
 * Rollouts' graphite provider: the first series' non-null values, oldest first, are the result (an answer with no
 * series is "no data"). Answers above 16 MiB are refused; a redirect is reported, not followed. Thread-safe.
 */
public final class GraphiteProvider implements Provider<GraphiteMetric>, AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final long MAX_ANSWER_BYTES = 16L * 1024 * 1024;
  private static final GraphiteChecks CHECKS = new GraphiteChecks();
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClients clients = new HttpClients();

  @Override
  public GraphiteChecks checks() {
    return CHECKS;
  }

  @Override
  public MeasurementOutcome measure(GraphiteMetric spec, MeasureContext context) {
    HttpUrl url;
    try {
      String address = ArgTemplate.substitute("graphite.address", spec.address, context.args().values());
      HttpUrl base = address == null ? null : HttpUrl.parse(address.endsWith("/") ? address : address + "/");
      if (base == null) {
        return MeasurementOutcome.failure("graphite.address is not an http(s) URL");
      }
      String query = GraphiteQueries.render(spec.query == null ? "" : spec.query, context.args().values());
      url = HttpUrl.parse(base.resolve("render") + "?" + query + "&format=json");
      if (url == null) {
        return MeasurementOutcome.failure("graphite.query does not make a URL");
      }
    } catch (ArgumentException | IllegalArgumentException e) {
      return MeasurementOutcome.failure("graphite: " + e.getMessage());
    }
    String where = BoundedExchange.describe(url);
    Duration timeout = Timeouts.bounded(null, TIMEOUT);
    BoundedExchange.Answer answer;
    try {
      answer = BoundedExchange.execute(clients.forTls(TlsSettings.DEFAULT), new Request.Builder().url(url)
          .header("Accept", "application/json").get().build(), timeout, MAX_ANSWER_BYTES);
    } catch (BoundedExchange.TooLarge e) {
      return MeasurementOutcome.failure("graphite answer exceeds " + e.limitText() + "; narrow the query");
    } catch (InterruptedIOException e) {
      return MeasurementOutcome.failure("graphite at " + where + " did not answer within " + timeout.toSeconds() + "s");
    } catch (IOException | GeneralSecurityException e) {
      return MeasurementOutcome.failure("cannot reach graphite at " + where + ": " + e.getMessage());
    }
    if (answer.redirect()) {
      return MeasurementOutcome.failure("graphite at " + where + " answered with a redirect (HTTP " + answer.status()
          + "); set the address to where it points");
    }
    if (!answer.ok()) {
      return MeasurementOutcome.failure("graphite at " + where + " answered HTTP " + answer.status() + ": "
          + StatusText.message(answer.body()));
    }
    return values(answer.body());
  }

  /** Render JSON: [{"target": ..., "datapoints": [[value or null, time], ...]}, ...]. */
  static MeasurementOutcome values(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      return MeasurementOutcome.failure("graphite answered something other than JSON: " + StatusText.message(body));
    }
    if (root == null || !root.isArray()) {
      return MeasurementOutcome.failure("graphite answer is not a list of series: " + StatusText.message(body));
    }
    List<Double> values = new ArrayList<>();
    if (!root.isEmpty()) {
      JsonNode points = root.get(0).path("datapoints");
      if (!points.isArray()) {
        return MeasurementOutcome.failure("graphite series has no datapoints list");
      }
      for (JsonNode point : points) {
        if (!point.isArray() || point.isEmpty()) {
          return MeasurementOutcome.failure("graphite datapoint is not [value, time]: "
              + StatusText.message(point.toString()));
        }
        JsonNode value = point.get(0);
        if (value.isNumber()) {
          values.add(value.asDouble());
        } else if (!value.isNull()) {
          return MeasurementOutcome.failure("graphite datapoint value is not a number: "
              + StatusText.message(value.toString()));
        }
      }
    }
    return MeasurementOutcome.value(new MetricValue(MetricValue.Kind.SERIES, values,
        MetricValue.listDisplay(values.stream().map(MetricValue::format).toList())));
  }

  @Override
  public void close() {
    clients.close();
  }
}
