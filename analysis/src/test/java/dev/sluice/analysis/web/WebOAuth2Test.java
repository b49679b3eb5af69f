package dev.sluice.analysis.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.analysis.provider.SpecProblems;
import dev.sluice.analysis.provider.TestSources;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricProvider;
import dev.sluice.api.v1alpha1.OAuth2;
import dev.sluice.api.v1alpha1.WebMetric;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Web metrics behind OAuth2 client credentials (Argo's web {@code authentication.oauth2}), with the token handling
 * Prometheus uses: a token endpoint answering as RFC 6749 4.4 and 5.2 describe, and a server that accepts only the
 * token it handed out last.
 */
class WebOAuth2Test {
  private static final String SECRET = "web-client-secret-77";
  private final WebProvider provider = new WebProvider();
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger measured = new AtomicInteger();
  private final SecretLookup secrets = (name, key) ->
      Optional.ofNullable(Map.of("oauth-secret/secret", SECRET).get(name + "/" + key));
  private HttpServer server;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/token", exchange -> {
      try (exchange) {
        String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("my-client-id:" + SECRET)
            .getBytes(StandardCharsets.UTF_8));
        if (!URLDecoder.decode(form, StandardCharsets.UTF_8).contains("grant_type=client_credentials")) {
          send(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
        } else if (!basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          send(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\"unknown client\"}");
        } else {
          send(exchange, 200, "{\"access_token\":\"tok-" + issued.incrementAndGet()
              + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}");
        }
      }
    });
    server.createContext("/api/v1/measurement", exchange -> {
      try (exchange) {
        measured.incrementAndGet();
        if (!("Bearer tok-" + issued.get()).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          send(exchange, 401, "{\"error\":\"unauthorized\"}");
        } else {
          send(exchange, 200, "{\"data\":{\"ok\":1}}");
        }
      }
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    provider.close();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** Argo's docs form: the client secret an argument from a Secret. */
  private Metric metric() {
    Metric metric = new Metric();
    metric.name = "webmetric";
    metric.successCondition = "result == 1.0";
    metric.provider = new MetricProvider();
    metric.provider.web = new WebMetric();
    metric.provider.web.url = url("/api/v1/measurement?service={{ args.service-name }}");
    metric.provider.web.jsonPath = "{$.data.ok}";
    metric.provider.web.authentication = new WebMetric.Authentication();
    OAuth2 oauth2 = new OAuth2();
    oauth2.tokenUrl = url("/token");
    oauth2.clientId = "my-client-id";
    oauth2.clientSecret = "{{ args.oauthSecret }}";
    oauth2.scopes = List.of("my-oauth2-scope");
    metric.provider.web.authentication.oauth2 = oauth2;
    return metric;
  }

  private MeasurementOutcome measure(Metric metric) {
    Argument service = new Argument();
    service.name = "service-name";
    service.value = "checkout";
    Argument secret = new Argument();
    secret.name = "oauthSecret";
    secret.valueFrom = new Argument.ValueFrom();
    secret.valueFrom.secretKeyRef = new SecretKeySelector("secret", "oauth-secret", false);
    return TestSources.of(provider, List.of(service, secret), secrets).measure(metric);
  }

  @Test
  void theTokenIsFetchedOnceAndSentAsBearer() {
    assertThat(measure(metric())).isInstanceOf(MeasurementOutcome.Value.class);
    assertThat(measure(metric())).isInstanceOf(MeasurementOutcome.Value.class);
    assertThat(issued.get()).isEqualTo(1);
    assertThat(measured.get()).isEqualTo(2);
  }

  @Test
  void aTokenTheServerRefusesIsReplacedOnce() {
    assertThat(measure(metric())).isInstanceOf(MeasurementOutcome.Value.class);
    issued.incrementAndGet(); // the server now expects a token the provider has not seen: "revoked"
    assertThat(measure(metric())).isInstanceOf(MeasurementOutcome.Value.class);
    assertThat(issued.get()).isEqualTo(3);
  }

  @Test
  void aRefusedClientIsAnErrorWithoutTheSecret() {
    Metric metric = metric();
    metric.provider.web.authentication.oauth2.clientId = "someone-else";
    MeasurementOutcome outcome = measure(metric);
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Failure.class);
    assertThat(((MeasurementOutcome.Failure) outcome).message())
        .contains("refused the client credentials (HTTP 401): invalid_client: unknown client")
        .doesNotContain(SECRET);
    assertThat(measured.get()).isZero();
  }

  @Test
  void checksOnApply() {
    Metric metric = metric();
    metric.provider.web.authentication.oauth2.tokenUrl = "my-oauth2-provider/token";
    metric.provider.web.authentication.oauth2.clientSecretRef = new SecretKeySelector("secret", "s", null);
    List<String> problems = new ArrayList<>();
    new WebChecks().check(metric.provider.web, new SpecProblems("", Set.of("service-name", "oauthSecret"),
        problems));
    assertThat(problems).containsExactly("web.authentication.oauth2.tokenUrl must be an http:// or https:// URL",
        "web.authentication.oauth2 needs exactly one of clientSecret and clientSecretRef");
  }

  private static void send(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
