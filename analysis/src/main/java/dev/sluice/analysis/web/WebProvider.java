package dev.sluice.analysis.web;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.args.ArgTemplate;
import dev.sluice.analysis.http.BoundedExchange;
import dev.sluice.analysis.http.HttpClients;
import dev.sluice.analysis.http.TlsSettings;
import dev.sluice.analysis.oauth2.OAuth2Clients;
import dev.sluice.analysis.oauth2.OAuth2Tokens;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.analysis.provider.Provider;
import dev.sluice.analysis.provider.Timeouts;
import dev.sluice.api.v1alpha1.WebMetric;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Argo Rollouts' {@code web} provider: one HTTP request, whose JSON answer (or the part of it at {@code jsonPath}) is
 * the measurement ({@link WebResults}). Arguments are placed into the URL, header values and body as they are;
 * header values may also come from Secrets. The request is bounded by {@code timeoutSeconds} (default 10, at most
 * {@link Timeouts#MAX}) and the answer by {@link #MAX_RESPONSE_BYTES}; redirects are reported, not followed, so a
 * header carrying a token never reaches another server. Thread-safe; close it on shutdown.
 */
public final class WebProvider implements Provider<WebMetric>, AutoCloseable {
  /** Argo Rollouts' default for web metrics. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** A web metric answers one value or a small document; anything larger is refused unread. */
  static final long MAX_RESPONSE_BYTES = 1024 * 1024;
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final HttpClients clients = new HttpClients();
  private final OAuth2Tokens tokens;

  public WebProvider() {
    this(Clock.systemUTC());
  }

  WebProvider(Clock clock) {
    this.tokens = new OAuth2Tokens(clock);
  }

  private static final WebChecks CHECKS = new WebChecks();

  @Override
  public WebChecks checks() {
    return CHECKS;
  }

  @Override
  public MeasurementOutcome measure(WebMetric web, MeasureContext context) {
    Map<String, String> args = context.args().values();
    HttpUrl url;
    Duration timeout;
    JsonPath path;
    Request request;
    OAuth2Tokens.Client oauth2;
    try {
      url = HttpUrl.parse(ArgTemplate.substitute("web.url", web.url, args));
      if (url == null) {
        // The rendered URL may hold a secret argument; the redaction of messages covers it, but say less anyway.
        return MeasurementOutcome.failure("web.url is not an http(s) URL once its arguments are placed");
      }
      timeout = Timeouts.bounded(web.timeoutSeconds == null ? null : Duration.ofSeconds(web.timeoutSeconds),
          DEFAULT_TIMEOUT);
      path = web.jsonPath == null || web.jsonPath.isBlank() ? null : JsonPath.compile(web.jsonPath);
      request = request(web, url, context);
      oauth2 = web.authentication == null || web.authentication.oauth2 == null ? null
          : OAuth2Clients.resolve(web.authentication.oauth2, "web.authentication.oauth2", context);
    } catch (IllegalArgumentException | ArgumentException e) {
      return MeasurementOutcome.failure(e.getMessage());
    }

    OkHttpClient client;
    try {
      client = clients.forTls(TlsSettings.of(null, web.insecure));
    } catch (GeneralSecurityException e) {
      return MeasurementOutcome.failure("TLS setup failed: " + e.getMessage());
    }
    String where = BoundedExchange.describe(url);
    try {
      BoundedExchange.Answer answer = BoundedExchange.execute(client, authorized(request, oauth2, client, timeout),
          timeout, MAX_RESPONSE_BYTES);
      if (answer.status() == 401 && oauth2 != null) {
        // The cached token was revoked, or came without an expiry: one fresh token, one more try.
        tokens.forget(oauth2);
        answer = BoundedExchange.execute(client, authorized(request, oauth2, client, timeout), timeout,
            MAX_RESPONSE_BYTES);
      }
      if (answer.redirect()) {
        return MeasurementOutcome.failure("web at " + where + " answered with a redirect (HTTP " + answer.status()
            + "); set the url to where it points");
      }
      return WebResults.parse(answer.status(), answer.body(), path);
    } catch (OAuth2Tokens.TokenException e) {
      return MeasurementOutcome.failure(e.getMessage());
    } catch (BoundedExchange.TooLarge e) {
      return MeasurementOutcome.failure("web answer from " + where + " exceeds " + e.limitText()
          + "; point the url at a smaller document");
    } catch (InterruptedIOException e) {
      if (Thread.currentThread().isInterrupted()) {
        return MeasurementOutcome.failure("web request to " + where + " was interrupted");
      }
      return MeasurementOutcome.failure("web request to " + where + " timed out after "
          + BoundedExchange.human(timeout));
    } catch (ConnectException e) {
      return MeasurementOutcome.failure("cannot connect to " + where + ": " + e.getMessage());
    } catch (UnknownHostException e) {
      return MeasurementOutcome.failure("cannot resolve the host of " + where + ": " + e.getMessage());
    } catch (SSLException e) {
      return MeasurementOutcome.failure("TLS with " + where + " failed: " + e.getMessage());
    } catch (IOException e) {
      return MeasurementOutcome.failure("web request to " + where + " failed: " + e);
    }
  }

  /** {@code request} with a bearer token from the OAuth2 token endpoint, when the metric has one. */
  private Request authorized(Request request, OAuth2Tokens.Client oauth2, OkHttpClient client, Duration timeout)
      throws OAuth2Tokens.TokenException {
    if (oauth2 == null) {
      return request;
    }
    // The token endpoint is verified like the metric's server (insecure applies to both).
    return request.newBuilder().header("Authorization", "Bearer " + tokens.token(client, oauth2, timeout)).build();
  }

  private static Request request(WebMetric web, HttpUrl url, MeasureContext context) throws ArgumentException {
    Map<String, String> args = context.args().values();
    Request.Builder request = new Request.Builder().url(url);
    List<WebMetric.Header> headers = web.headers == null ? List.of() : web.headers;
    for (int i = 0; i < headers.size(); i++) {
      WebMetric.Header header = headers.get(i);
      String at = "web.headers[" + i + "]";
      String value = header.valueFrom != null && header.valueFrom.secretKeyRef != null
          ? context.secret(at + ".valueFrom", header.valueFrom.secretKeyRef)
          : ArgTemplate.substitute(at + ".value", header.value == null ? "" : header.value, args);
      try {
        request.header(header.key == null ? "" : header.key, value);
      } catch (IllegalArgumentException e) {
        // OkHttp's message quotes the value, which may be a token.
        throw new IllegalArgumentException(at + ": the name or value holds characters HTTP does not allow");
      }
    }
    String method = WebChecks.method(web);
    RequestBody body = null;
    if (web.jsonBody != null) {
      body = RequestBody.create(ArgTemplate.substitute("web.jsonBody", web.jsonBody.toString(), args), JSON);
    } else if (web.body != null) {
      String contentType = headers.stream().filter(h -> "content-type".equalsIgnoreCase(h.key)).findFirst()
          .map(h -> h.value).orElse(null);
      body = RequestBody.create(ArgTemplate.substitute("web.body", web.body, args),
          contentType == null ? null : MediaType.parse(contentType));
    }
    if (body == null && !"GET".equals(method)) {
      body = RequestBody.create(new byte[0]);
    }
    return request.method(method, body).build();
  }

  static String method(WebMetric web) {
    return web.method == null || web.method.isBlank() ? "GET" : web.method;
  }

  @Override
  public void close() {
    clients.close();
  }
}
