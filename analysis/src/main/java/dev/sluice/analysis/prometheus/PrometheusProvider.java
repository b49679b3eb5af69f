package dev.sluice.analysis.prometheus;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.args.ArgTemplate;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.args.ResolvedArgs;
import dev.sluice.analysis.http.BoundedExchange;
import dev.sluice.analysis.http.HttpClients;
import dev.sluice.analysis.http.TlsSettings;
import dev.sluice.analysis.oauth2.OAuth2Tokens;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.analysis.provider.Provider;
import dev.sluice.analysis.provider.Timeouts;
import dev.sluice.api.v1alpha1.Durations;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Runs one metric's PromQL query over the Prometheus HTTP API ({@code /api/v1/query}, or {@code /api/v1/query_range}
 * when {@code rangeQuery} is set) and returns the numbers or a failure message. Never throws for query problems and
 * never puts a credential or a secret argument into a message.
 *
 * <p>Thread-safe. Create one per process and {@link #close()} it on shutdown: HTTP clients are kept per TLS
 * configuration and reused across queries.
 */
public final class PrometheusProvider implements Provider<PrometheusMetric>, AutoCloseable {
  /** Argo Rollouts' default for its Prometheus provider. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
  /** The longest a query may take, whatever the spec says ({@link Timeouts#MAX}). */
  public static final Duration MAX_TIMEOUT = Timeouts.MAX;
  /** Answers above this size are refused rather than buffered. */
  static final long MAX_RESPONSE_BYTES = 16L * 1024 * 1024;

  private final Clock clock;
  private final HttpClients clients = new HttpClients();
  private final OAuth2Tokens tokens;
  private final SigV4Signing sigv4 = new SigV4Signing();

  public PrometheusProvider() {
    this(Clock.systemUTC());
  }

  /** {@code clock} supplies "now" for range queries. */
  public PrometheusProvider(Clock clock) {
    this.clock = clock;
    this.tokens = new OAuth2Tokens(clock);
  }

  private static final PrometheusChecks CHECKS = new PrometheusChecks();

  @Override
  public PrometheusChecks checks() {
    return CHECKS;
  }

  @Override
  public MeasurementOutcome measure(PrometheusMetric spec, MeasureContext context) {
    PrometheusCredentials credentials;
    try {
      credentials = PrometheusCredentials.resolve(spec.authentication, context);
    } catch (ArgumentException e) {
      return MeasurementOutcome.failure(e.getMessage());
    }
    return query(spec, context.args(), credentials);
  }

  public MeasurementOutcome query(PrometheusMetric spec, ResolvedArgs args, PrometheusCredentials credentials) {
    MeasurementOutcome outcome = run(spec, args, credentials);
    if (outcome instanceof MeasurementOutcome.Failure failure) {
      String message = args.redact(failure.message());
      for (String secret : credentials.secrets()) {
        message = message.replace(secret, ResolvedArgs.REDACTED);
      }
      return MeasurementOutcome.failure(message);
    }
    return outcome;
  }

  private MeasurementOutcome run(PrometheusMetric spec, ResolvedArgs args, PrometheusCredentials credentials) {
    String addressText;
    try {
      addressText = spec.address == null ? null : ArgTemplate.substitute(spec.address, args.values());
    } catch (ArgumentException e) {
      return MeasurementOutcome.failure("prometheus address: " + e.getMessage());
    }
    HttpUrl address = addressText == null ? null : HttpUrl.parse(addressText);
    if (address == null) {
      return MeasurementOutcome.failure("prometheus address is not an http(s) URL: " + spec.address);
    }
    String where = describe(address);
    String query;
    Duration timeout;
    RangeWindow range;
    try {
      if (spec.query == null || spec.query.isBlank()) {
        throw new IllegalArgumentException("query is empty");
      }
      query = PromQlTemplate.render(spec.query, args.values());
      timeout = timeout(spec.timeout);
      range = spec.rangeQuery == null ? null : RangeWindow.resolve(spec.rangeQuery, args.values(), clock.instant());
    } catch (IllegalArgumentException e) {
      return MeasurementOutcome.failure(e.getMessage());
    }

    OkHttpClient client;
    try {
      client = clients.forTls(TlsSettings.of(credentials.caPem(), spec.insecure));
    } catch (GeneralSecurityException e) {
      return MeasurementOutcome.failure("authentication.ca is not a usable PEM CA bundle: " + e.getMessage());
    }

    HttpUrl endpoint = address.newBuilder()
        .addPathSegments(range == null ? "api/v1/query" : "api/v1/query_range")
        .build();
    Map<String, String> params = range == null
        ? Map.of("query", query, "timeout", seconds(timeout))
        : Map.of("query", query, "timeout", seconds(timeout), "start", epochSeconds(range.start()),
            "end", epochSeconds(range.end()), "step", seconds(range.step()));

    Request.Builder request = new Request.Builder();
    try {
      for (PrometheusMetric.Header header : spec.headers == null ? List.<PrometheusMetric.Header>of() : spec.headers) {
        request.header(header.key, header.value);
      }
    } catch (IllegalArgumentException e) {
      // OkHttp's message quotes the header value, which may be a token.
      return MeasurementOutcome.failure("headers: a header name or value holds characters HTTP does not allow");
    }
    if (credentials.bearerToken() != null) {
      request.header("Authorization", "Bearer " + credentials.bearerToken());
    } else if (credentials.username() != null) {
      request.header("Authorization", Credentials.basic(credentials.username(), credentials.password(),
          StandardCharsets.UTF_8));
    }

    try {
      Authorizer authorize = authorizer(credentials, spec.insecure, timeout);
      BoundedExchange.Answer answer = execute(client, authorize.apply(post(request, endpoint, params)), timeout);
      if (answer.status() == 401 && credentials.oauth2() != null) {
        // The cached token was revoked, or came without an expiry: one fresh token, one more try.
        tokens.forget(credentials.oauth2());
        answer = execute(client, authorize.apply(post(request, endpoint, params)), timeout);
      }
      if (answer.status() == 405) {
        // Some Prometheus-compatible servers and proxies refuse the form POST; the API accepts GET too.
        answer = execute(client, authorize.apply(get(request, endpoint, params)), timeout);
      }
      if (answer.status() >= 300 && answer.status() < 400) {
        return MeasurementOutcome.failure("prometheus at " + where + " answered with a redirect (HTTP "
            + answer.status() + ")" + (answer.location() == null ? "" : " to " + answer.location())
            + "; set the address to where it points");
      }
      return PrometheusResponses.parse(answer.status(), answer.body());
    } catch (AuthorizationException e) {
      return MeasurementOutcome.failure(e.getMessage());
    } catch (BoundedExchange.TooLarge e) {
      return MeasurementOutcome.failure("prometheus answer exceeds " + e.limitText() + "; narrow the query");
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        return MeasurementOutcome.failure("prometheus query to " + where + " was interrupted");
      }
      return MeasurementOutcome.failure("prometheus query to " + where + " timed out after " + human(timeout));
    } catch (ConnectException e) {
      return MeasurementOutcome.failure("cannot connect to prometheus at " + where + ": " + e.getMessage());
    } catch (UnknownHostException e) {
      return MeasurementOutcome.failure("cannot resolve the host of prometheus at " + where + ": " + e.getMessage());
    } catch (SSLException e) {
      return MeasurementOutcome.failure("TLS with prometheus at " + where + " failed: " + e.getMessage());
    } catch (IOException e) {
      return MeasurementOutcome.failure("request to prometheus at " + where + " failed: " + e);
    }
  }

  /** Adds what {@code oauth2} or {@code sigv4} put on a request: a bearer token, or the SigV4 signature. */
  @FunctionalInterface
  private interface Authorizer {
    Request apply(Request request) throws AuthorizationException;
  }

  /** No token or no signature could be had; the message is safe for the status. */
  private static final class AuthorizationException extends IOException {
    AuthorizationException(String message) {
      super(message);
    }
  }

  private Authorizer authorizer(PrometheusCredentials credentials, Boolean insecure, Duration timeout) {
    if (credentials.oauth2() != null) {
      return request -> {
        try {
          // The token endpoint is another server: the JVM's trust store verifies it (insecure still applies).
          OkHttpClient http = clients.forTls(TlsSettings.of(null, insecure));
          String token = tokens.token(http, credentials.oauth2(), timeout);
          return request.newBuilder().header("Authorization", "Bearer " + token).build();
        } catch (OAuth2Tokens.TokenException e) {
          throw new AuthorizationException(e.getMessage());
        } catch (GeneralSecurityException e) {
          throw new AuthorizationException("oauth2: " + e.getMessage());
        }
      };
    }
    if (credentials.sigv4() != null) {
      return request -> {
        try {
          return sigv4.sign(request, credentials.sigv4());
        } catch (SigV4Signing.SigningException e) {
          throw new AuthorizationException(e.getMessage());
        }
      };
    }
    return request -> request;
  }

  /**
   * The spec's timeout (seconds, as Argo Rollouts writes it, or a duration), or the default, at most
   * {@link #MAX_TIMEOUT}; throws for an unusable value.
   */
  static Duration timeout(String text) {
    return Timeouts.bounded(text == null ? null : Durations.parseSecondsOrDuration(text), DEFAULT_TIMEOUT);
  }

  private static BoundedExchange.Answer execute(OkHttpClient client, Request request, Duration timeout)
      throws IOException {
    return BoundedExchange.execute(client, request, timeout, MAX_RESPONSE_BYTES);
  }

  private static Request post(Request.Builder base, HttpUrl endpoint, Map<String, String> params) {
    FormBody.Builder form = new FormBody.Builder(StandardCharsets.UTF_8);
    params.forEach(form::add);
    return base.url(endpoint).post(form.build()).build();
  }

  private static Request get(Request.Builder base, HttpUrl endpoint, Map<String, String> params) {
    HttpUrl.Builder url = endpoint.newBuilder();
    params.forEach(url::addQueryParameter);
    return base.url(url.build()).get().build();
  }

  private static String describe(HttpUrl address) {
    return BoundedExchange.describe(address);
  }

  private static String seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
  }

  private static String epochSeconds(Instant instant) {
    return BigDecimal.valueOf(instant.toEpochMilli(), 3).stripTrailingZeros().toPlainString();
  }

  private static String human(Duration duration) {
    return BoundedExchange.human(duration);
  }

  int cachedClients() {
    return clients.cachedClients();
  }

  OkHttpClient clientFor(PrometheusCredentials credentials, Boolean insecure) throws GeneralSecurityException {
    return clients.forTls(TlsSettings.of(credentials.caPem(), insecure));
  }

  @Override
  public void close() {
    clients.close();
    sigv4.close();
  }
}
