package dev.sluice.analysis.influxdb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.args.QueryTemplate;
import dev.sluice.analysis.http.BoundedExchange;
import dev.sluice.analysis.http.HttpClients;
import dev.sluice.analysis.http.TlsSettings;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.analysis.provider.Provider;
import dev.sluice.analysis.provider.Timeouts;
import dev.sluice.api.status.StatusText;
import dev.sluice.api.v1alpha1.InfluxdbMetric;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Argo Rollouts' {@code influxdb} provider over InfluxDB 2's HTTP API: one {@code POST <address>/api/v2/query?org=<org>}
 * with the Flux query per measurement, {@code Authorization: Token <authToken>}, answered in annotated CSV
 * ({@link AnnotatedCsv}). Address, token and organization are the keys {@code address}, {@code authToken} and
 * {@code org} of the {@code profile} Secret (default {@code influxdb}) in the run's namespace; all three are kept out
 * of messages. Plain HTTP with the shared bounded exchange rather than InfluxDB's Java client, which brings its own
 * HTTP stack (Retrofit, RxJava, Gson) and cannot bound an answer's size. Answers above 16 MiB are refused; redirects
 * are reported, not followed, so the token never reaches another server. Thread-safe.
 */
public final class InfluxdbProvider implements Provider<InfluxdbMetric>, AutoCloseable {
  /** Argo Rollouts' query timeout. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final long MAX_ANSWER_BYTES = 16L * 1024 * 1024;
  private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InfluxdbChecks CHECKS = new InfluxdbChecks();
  private final HttpClients clients = new HttpClients();
  private final Duration timeout;

  public InfluxdbProvider() {
    this(TIMEOUT);
  }

  InfluxdbProvider(Duration timeout) {
    this.timeout = Timeouts.bounded(timeout, TIMEOUT);
  }

  @Override
  public InfluxdbChecks checks() {
    return CHECKS;
  }

  @Override
  public MeasurementOutcome measure(InfluxdbMetric spec, MeasureContext context) {
    String profile = InfluxdbChecks.profile(spec);
    Request request;
    HttpUrl url;
    try {
      String address = context.secret("influxdb.profile", key(profile, "address")).trim();
      String token = context.secret("influxdb.profile", key(profile, "authToken")).trim();
      String org = context.secret("influxdb.profile", key(profile, "org")).trim();
      HttpUrl base = HttpUrl.parse(address.endsWith("/") ? address : address + "/");
      if (base == null) {
        return MeasurementOutcome.failure("influxdb: the address in Secret \"" + profile
            + "\" is not an http:// or https:// URL");
      }
      url = base.newBuilder().addPathSegments("api/v2/query").addQueryParameter("org", org).build();
      String query = QueryTemplate.render(QueryTemplate.Dialect.FLUX, spec.query == null ? "" : spec.query,
          context.args().values());
      request = new Request.Builder().url(url)
          .header("Authorization", "Token " + token)
          .header("Accept", "application/csv")
          .post(RequestBody.create(body(query), JSON_TYPE))
          .build();
    } catch (ArgumentException e) {
      return MeasurementOutcome.failure("influxdb: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      // OkHttp quotes a header value it refuses: say which field without the value.
      return MeasurementOutcome.failure("influxdb: " + (QueryTemplate.isRefusal(e)
          ? e.getMessage() : "the profile Secret \"" + profile + "\" holds characters HTTP does not allow"));
    }
    String where = BoundedExchange.describe(url);
    BoundedExchange.Answer answer;
    try {
      answer = BoundedExchange.execute(clients.forTls(TlsSettings.DEFAULT), request, timeout, MAX_ANSWER_BYTES);
    } catch (BoundedExchange.TooLarge e) {
      return MeasurementOutcome.failure("influxdb answer exceeds " + e.limitText() + "; aggregate in the query");
    } catch (InterruptedIOException e) {
      return MeasurementOutcome.failure("influxdb at " + where + " did not answer within "
          + BoundedExchange.human(timeout));
    } catch (IOException | GeneralSecurityException e) {
      return MeasurementOutcome.failure("cannot reach influxdb at " + where + ": " + e.getMessage());
    }
    if (answer.redirect()) {
      return MeasurementOutcome.failure("influxdb at " + where + " answered with a redirect (HTTP " + answer.status()
          + "); set the address to where it points");
    }
    if (!answer.ok()) {
      return MeasurementOutcome.failure(refusal(where, answer));
    }
    return AnnotatedCsv.values(answer.body());
  }

  private static SecretKeySelector key(String profile, String key) {
    return new SecretKeySelector(key, profile, false);
  }

  /** The query request InfluxDB's clients send: Flux, with the annotations that type each column. */
  static String body(String query) {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", query);
    body.put("type", "flux");
    ObjectNode dialect = body.putObject("dialect");
    dialect.put("header", true);
    dialect.putArray("annotations").add("datatype").add("group").add("default");
    dialect.put("delimiter", ",");
    dialect.put("commentPrefix", "#");
    dialect.put("dateTimeFormat", "RFC3339");
    return body.toString();
  }

  /** InfluxDB's error answer, {"code": "...", "message": "..."}, as one line; 429 says it is a rate limit. */
  static String refusal(String where, BoundedExchange.Answer answer) {
    String code = null;
    String message = answer.body();
    try {
      JsonNode error = JSON.readTree(answer.body());
      if (error != null && error.isObject()) {
        code = error.path("code").isTextual() ? error.path("code").asText() : null;
        message = error.path("message").isTextual() ? error.path("message").asText() : message;
      }
    } catch (IOException e) {
      // not JSON (a proxy's page): quote its start
    }
    if (answer.status() == 429) {
      return "influxdb at " + where + " rate limited the query (HTTP 429): " + StatusText.message(message);
    }
    return "influxdb at " + where + " answered HTTP " + answer.status() + (code == null ? "" : " (" + code + ")")
        + ": " + StatusText.message(message);
  }

  @Override
  public void close() {
    clients.close();
  }
}
