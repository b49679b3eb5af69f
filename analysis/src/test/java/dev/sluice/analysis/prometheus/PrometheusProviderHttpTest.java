package dev.sluice.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.args.ResolvedArgs;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transport behaviour of the provider against a controlled HTTP endpoint. */
class PrometheusProviderHttpTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
  private final PrometheusProvider provider = new PrometheusProvider(Clock.fixed(NOW, ZoneOffset.UTC));
  private FakePrometheus server;

  @BeforeEach
  void start() throws Exception {
    server = FakePrometheus.http();
  }

  @AfterEach
  void stop() {
    server.close();
    provider.close();
  }

  private PrometheusMetric spec(String query) {
    PrometheusMetric spec = new PrometheusMetric();
    spec.address = server.url();
    spec.query = query;
    return spec;
  }

  private MeasurementOutcome query(PrometheusMetric spec) {
    return provider.query(spec, ResolvedArgs.of(Map.of()), PrometheusCredentials.NONE);
  }

  private static String failure(MeasurementOutcome outcome) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Failure.class);
    return ((MeasurementOutcome.Failure) outcome).message();
  }

  @Test
  void postsTheRenderedQueryToTheInstantEndpoint() {
    PrometheusMetric spec = spec("up{service=\"{{args.service}}\"}");
    spec.address = server.url() + "/prometheus/";
    MeasurementOutcome outcome = provider.query(spec, ResolvedArgs.of(Map.of("service", "check\"out")),
        PrometheusCredentials.NONE);
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Value.class);
    FakePrometheus.Recorded request = server.last();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/prometheus/api/v1/query");
    assertThat(request.params()).isEqualTo(Map.of("query", "up{service=\"check\\\"out\"}", "timeout", "30"));
    assertThat(request.header("Authorization")).isNull();
  }

  @Test
  void rangeQueryParameters() {
    PrometheusMetric spec = spec("up");
    spec.timeout = "2.5s";
    spec.rangeQuery = new PrometheusMetric.RangeQuery();
    spec.rangeQuery.start = "now-5m";
    spec.rangeQuery.end = "now-1m";
    spec.rangeQuery.step = "15s";
    server.respond((exchange, request) -> FakePrometheus.send(exchange, 200,
        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}"));
    assertThat(query(spec)).isInstanceOf(MeasurementOutcome.Value.class);
    FakePrometheus.Recorded request = server.last();
    assertThat(request.path()).isEqualTo("/api/v1/query_range");
    assertThat(request.params()).isEqualTo(Map.of("query", "up", "timeout", "2.5", "start", "1714557300",
        "end", "1714557540", "step", "15"));
  }

  @Test
  void bearerToken() {
    provider.query(spec("up"), ResolvedArgs.of(Map.of()), PrometheusCredentials.bearer("tok-123"));
    assertThat(server.last().header("Authorization")).isEqualTo("Bearer tok-123");
  }

  @Test
  void basicAuth() {
    provider.query(spec("up"), ResolvedArgs.of(Map.of()), PrometheusCredentials.basic("analyst", "pä55:word"));
    String expected = "Basic " + Base64.getEncoder().encodeToString("analyst:pä55:word".getBytes(StandardCharsets.UTF_8));
    assertThat(server.last().header("Authorization")).isEqualTo(expected);
  }

  @Test
  void customHeadersAndAuthenticationWinsOverAHeaderNamedAuthorization() {
    PrometheusMetric spec = spec("up");
    spec.headers = List.of(header("X-Scope-OrgID", "tenant-a"), header("Authorization", "Bearer from-header"));
    query(spec);
    assertThat(server.last().header("X-Scope-OrgID")).isEqualTo("tenant-a");
    assertThat(server.last().header("Authorization")).isEqualTo("Bearer from-header");
    provider.query(spec, ResolvedArgs.of(Map.of()), PrometheusCredentials.bearer("from-secret"));
    assertThat(server.last().header("Authorization")).isEqualTo("Bearer from-secret");
  }

  @Test
  void badHeaderValueIsReportedWithoutTheValue() {
    PrometheusMetric spec = spec("up");
    spec.headers = List.of(header("X-Token", "secret\nvalue"));
    assertThat(failure(query(spec))).isEqualTo("headers: a header name or value holds characters HTTP does not allow")
        .doesNotContain("secret");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void fallsBackToGetWhenPostIsRefused() {
    server.respond((exchange, request) -> {
      if (request.method().equals("POST")) {
        FakePrometheus.send(exchange, 405, "");
      } else {
        FakePrometheus.send(exchange, 200, FakePrometheus.ONE_SAMPLE);
      }
    });
    assertThat(provider.query(spec("up"), ResolvedArgs.of(Map.of()), PrometheusCredentials.bearer("t")))
        .isInstanceOf(MeasurementOutcome.Value.class);
    assertThat(server.requests).extracting(FakePrometheus.Recorded::method).containsExactly("POST", "GET");
    assertThat(server.last().params()).containsEntry("query", "up");
    assertThat(server.last().header("Authorization")).isEqualTo("Bearer t");
  }

  @Test
  void redirectsAreNotFollowed() {
    server.respond((exchange, request) -> {
      exchange.getResponseHeaders().set("Location", "http://elsewhere.invalid/api/v1/query");
      exchange.sendResponseHeaders(302, -1);
    });
    assertThat(failure(provider.query(spec("up"), ResolvedArgs.of(Map.of()), PrometheusCredentials.bearer("tok-123"))))
        .isEqualTo("prometheus at " + server.url() + "/ answered with a redirect (HTTP 302) to "
            + "http://elsewhere.invalid/api/v1/query; set the address to where it points");
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void httpErrorsAreFailures() {
    server.respond((exchange, request) -> FakePrometheus.send(exchange, 503, "upstream unavailable"));
    assertThat(failure(query(spec("up")))).isEqualTo("prometheus answered HTTP 503: upstream unavailable");
    server.respond((exchange, request) -> FakePrometheus.send(exchange, 200, "{not json"));
    assertThat(failure(query(spec("up")))).startsWith("prometheus answered with something that is not JSON");
  }

  @Test
  void timeout() {
    server.respond((exchange, request) -> {
      try {
        Thread.sleep(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      FakePrometheus.send(exchange, 200, FakePrometheus.ONE_SAMPLE);
    });
    PrometheusMetric spec = spec("up");
    spec.timeout = "200ms";
    long started = System.nanoTime();
    assertThat(failure(query(spec))).isEqualTo("prometheus query to " + server.url() + "/ timed out after 200ms");
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(1_500);
  }

  @Test
  void aTimeoutAboveTheMaximumIsSentAndEnforcedAsTheMaximum() {
    // An object stored before the CRD's rule may still say 10m; the query must not hold a worker that long.
    PrometheusMetric spec = spec("up");
    spec.timeout = "10m";
    query(spec);
    assertThat(server.last().params()).containsEntry("timeout", "60");
    assertThat(PrometheusProvider.timeout("1000h")).isEqualTo(PrometheusProvider.MAX_TIMEOUT);
    assertThat(PrometheusProvider.timeout("45s")).hasSeconds(45);
    assertThat(PrometheusProvider.timeout(null)).hasSeconds(30);
    // Argo Rollouts writes the timeout as a number of seconds.
    assertThat(PrometheusProvider.timeout("40")).hasSeconds(40);
  }

  @Test
  void oversizedAnswerIsRefused() {
    String huge = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
        + "{\"metric\":{},\"value\":[1,\"1\"]},".repeat(600_000) + "]}}";
    server.respond((exchange, request) -> FakePrometheus.send(exchange, 200, huge));
    assertThat(failure(query(spec("up")))).isEqualTo("prometheus answer exceeds 16 MiB; narrow the query");
  }

  @Test
  void connectionRefused() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    PrometheusMetric spec = spec("up");
    spec.address = "http://user:pw@127.0.0.1:" + closedPort;
    assertThat(failure(query(spec))).startsWith("cannot connect to prometheus at http://127.0.0.1:" + closedPort + "/: ")
        .doesNotContain("pw");
  }

  @Test
  void configurationProblemsAreFailures() {
    PrometheusMetric missingArg = spec("up{a=\"{{args.nope}}\"}");
    assertThat(failure(query(missingArg))).isEqualTo("query uses {{args.nope}} but the run has no argument \"nope\"");
    PrometheusMetric badAddress = spec("up");
    badAddress.address = "prometheus:9090";
    assertThat(failure(query(badAddress))).isEqualTo("prometheus address is not an http(s) URL: prometheus:9090");
    PrometheusMetric badTimeout = spec("up");
    badTimeout.timeout = "soon";
    assertThat(failure(query(badTimeout))).startsWith("invalid duration \"soon\"");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void secretsNeverReachMessages() {
    server.respond((exchange, request) -> FakePrometheus.send(exchange, 400,
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"unexpected " + request.params().get("query")
            + " with " + request.header("Authorization") + "\"}"));
    PrometheusMetric spec = spec("up{token=\"{{args.token}}\"}");
    ResolvedArgs args = new ResolvedArgs(Map.of("token", "arg-s3cret"), Set.of("arg-s3cret"));
    String message = failure(provider.query(spec, args, PrometheusCredentials.bearer("bearer-s3cret")));
    assertThat(message).contains("*****").doesNotContain("arg-s3cret").doesNotContain("bearer-s3cret");
    String basic = failure(provider.query(spec, args, PrometheusCredentials.basic("u", "basic-s3cret")));
    assertThat(basic).doesNotContain("arg-s3cret");
    assertThat(PrometheusCredentials.bearer("bearer-s3cret").toString()).doesNotContain("s3cret");
    assertThat(PrometheusCredentials.basic("u", "basic-s3cret").toString()).doesNotContain("s3cret");
  }

  @Test
  void tlsWithCaBundle(@TempDir Path dir) throws Exception {
    TestCertificates certificates = TestCertificates.create(dir, "prometheus");
    TestCertificates other = TestCertificates.create(dir, "other");
    try (FakePrometheus tls = FakePrometheus.https(certificates.serverContext())) {
      PrometheusMetric spec = spec("up");
      spec.address = tls.url();
      ResolvedArgs none = ResolvedArgs.of(Map.of());

      assertThat(provider.query(spec, none, PrometheusCredentials.NONE.withCa(certificates.pem())))
          .isInstanceOf(MeasurementOutcome.Value.class);
      assertThat(failure(provider.query(spec, none, PrometheusCredentials.NONE)))
          .startsWith("TLS with prometheus at " + tls.url() + "/ failed: ");
      assertThat(failure(provider.query(spec, none, PrometheusCredentials.NONE.withCa(other.pem()))))
          .startsWith("TLS with prometheus at " + tls.url() + "/ failed: ");
      assertThat(failure(provider.query(spec, none, PrometheusCredentials.NONE.withCa("not a certificate"))))
          .startsWith("authentication.ca is not a usable PEM CA bundle: ");

      spec.insecure = true;
      assertThat(provider.query(spec, none, PrometheusCredentials.NONE)).isInstanceOf(MeasurementOutcome.Value.class);
      assertThat(tls.requests).hasSize(2);
    }
  }

  @Test
  void oneClientPerTlsConfiguration(@TempDir Path dir) throws Exception {
    String ca = TestCertificates.create(dir, "a").pem();
    String otherCa = TestCertificates.create(dir, "b").pem();
    OkHttpClient plain = provider.clientFor(PrometheusCredentials.NONE, null);
    assertThat(provider.clientFor(PrometheusCredentials.bearer("x"), false)).isSameAs(plain);
    OkHttpClient withCa = provider.clientFor(PrometheusCredentials.NONE.withCa(ca), null);
    assertThat(withCa).isNotSameAs(plain);
    assertThat(provider.clientFor(PrometheusCredentials.basic("u", "p").withCa(ca), false)).isSameAs(withCa);
    assertThat(provider.clientFor(PrometheusCredentials.NONE.withCa(otherCa), null)).isNotSameAs(withCa);
    OkHttpClient insecure = provider.clientFor(PrometheusCredentials.NONE, true);
    assertThat(provider.clientFor(PrometheusCredentials.NONE.withCa(ca), true)).isSameAs(insecure);
    assertThat(provider.cachedClients()).isEqualTo(3);
    assertThat(withCa.connectionPool()).isSameAs(plain.connectionPool());

    for (int i = 0; i < 10; i++) {
      query(spec("up"));
    }
    assertThat(provider.cachedClients()).isEqualTo(3);
  }

  private static PrometheusMetric.Header header(String key, String value) {
    PrometheusMetric.Header header = new PrometheusMetric.Header();
    header.key = key;
    header.value = value;
    return header;
  }
}
