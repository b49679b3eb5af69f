package dev.sluice.analysis.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.analysis.provider.TestSources;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricProvider;
import dev.sluice.api.v1alpha1.WebMetric;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web provider against a local server: request shape, answer shapes, bounds, and secrets kept out of messages. */
class WebProviderTest {
  private static final String TOKEN = "tok-9f8e7d6c";
  private final WebProvider provider = new WebProvider();
  private final SecretLookup secrets = (name, key) ->
      Optional.ofNullable(Map.of("web/token", TOKEN).get(name + "/" + key));
  private AnswerServer server;

  @BeforeEach
  void start() throws Exception {
    server = new AnswerServer();
  }

  @AfterEach
  void stop() {
    server.close();
    provider.close();
  }

  private Metric metric(String path, String jsonPath) {
    Metric metric = new Metric();
    metric.name = "web";
    metric.successCondition = "result > 0.5";
    metric.provider = new MetricProvider();
    metric.provider.web = new WebMetric();
    metric.provider.web.url = server.url(path);
    metric.provider.web.jsonPath = jsonPath;
    return metric;
  }

  private MeasurementOutcome measure(Metric metric, List<Argument> args) {
    return TestSources.of(provider, args, secrets).measure(metric);
  }

  private MeasurementOutcome measure(Metric metric) {
    return measure(metric, List.of());
  }

  private static MetricValue value(MeasurementOutcome outcome) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Value.class);
    return ((MeasurementOutcome.Value) outcome).value();
  }

  private static String failure(MeasurementOutcome outcome) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Failure.class);
    return ((MeasurementOutcome.Failure) outcome).message();
  }

  @Test
  void theNumberAtJsonPathIsTheResult() {
    server.answer(200, "{\"data\":{\"ok\":true,\"successPercent\":0.95}}");
    MetricValue value = value(measure(metric("/m", "{$.data.successPercent}")));
    assertThat(value.values()).containsExactly(0.95);
    assertThat(value.display()).isEqualTo("0.95");
    assertThat(server.last().method()).isEqualTo("GET");
  }

  @Test
  void withoutJsonPathTheWholeAnswerIsTheResult() {
    server.answer(200, "42");
    assertThat(value(measure(metric("/m", null))).values()).containsExactly(42.0);
  }

  @Test
  void aNumericStringIsANumberAndNaNIsKept() {
    server.answer(200, "{\"rate\":\"0.25\",\"broken\":\"NaN\"}");
    assertThat(value(measure(metric("/m", "$.rate"))).values()).containsExactly(0.25);
    MetricValue nan = value(measure(metric("/m", "{.broken}")));
    assertThat(nan.hasNaN()).isTrue();
    assertThat(nan.display()).isEqualTo("NaN");
  }

  @Test
  void aListOfNumbersIsOneValueEach() {
    server.answer(200, "{\"pods\":[{\"errors\":1},{\"errors\":0},{\"errors\":3}]}");
    MetricValue value = value(measure(metric("/m", "{$.pods[*].errors}")));
    assertThat(value.kind()).isEqualTo(MetricValue.Kind.JSON);
    assertThat(value.values()).containsExactly(1.0, 0.0, 3.0);
    assertThat(value(measure(metric("/m", "{$.pods[-1].errors}"))).values()).containsExactly(3.0);
  }

  @Test
  void nothingAtThePathOrNullIsNoData() {
    server.answer(200, "{\"data\":{\"value\":null}}");
    assertThat(value(measure(metric("/m", "{$.data.missing}"))).isEmpty()).isTrue();
    assertThat(value(measure(metric("/m", "{$.data.value}"))).isEmpty()).isTrue();
  }

  @Test
  void anEmptyAnswerIsAnError() {
    server.answer(200, "");
    assertThat(failure(measure(metric("/m", "{$.x}")))).isEqualTo("web answer is empty; it must be JSON");
  }

  @Test
  void anAnswerThatIsNotJsonIsAnErrorQuotingIt() {
    server.answer(200, "<html>gateway</html>");
    assertThat(failure(measure(metric("/m", "{$.x}")))).isEqualTo("web answer is not JSON: <html>gateway</html>");
  }

  @Test
  void aValueThatIsNotANumberIsTheJsonItIs() {
    server.answer(200, "{\"data\":{\"ok\":true,\"name\":\"green\"}}");
    MetricValue ok = value(measure(metric("/m", "{$.data.ok}")));
    assertThat(ok.json()).isEqualTo(true);
    assertThat(ok.display()).isEqualTo("true");
    MetricValue data = value(measure(metric("/m", "{$.data}")));
    assertThat(data.json()).isEqualTo(java.util.Map.of("ok", true, "name", "green"));
    assertThat(data.display()).isEqualTo("{\"ok\":true,\"name\":\"green\"}");
  }

  @Test
  void anErrorStatusIsAnErrorWithTheAnswerBounded() {
    server.answer(503, "overloaded " + "x".repeat(5000));
    String message = failure(measure(metric("/m", "{$.x}")));
    assertThat(message).startsWith("web answered HTTP 503: overloaded xxx").endsWith("...");
    assertThat(message.length()).isLessThan(400);
  }

  @Test
  void aHugeAnswerIsRefusedUnread() {
    server.respond(exchange -> {
      exchange.sendResponseHeaders(200, 0);
      byte[] chunk = "1".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
      try (OutputStream out = exchange.getResponseBody()) {
        for (int i = 0; i < 40; i++) { // 2.5 MiB, past the 1 MiB bound
          out.write(chunk);
        }
      } catch (java.io.IOException clientGone) {
        // The provider stops reading at the bound.
      }
    });
    assertThat(failure(measure(metric("/m", null)))).contains("exceeds 1 MiB");
  }

  @Test
  void aSlowAnswerTimesOutAfterTimeoutSeconds() {
    server.respond(exchange -> {
      try {
        Thread.sleep(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      AnswerServer.send(exchange, 200, "1");
    });
    Metric metric = metric("/slow", null);
    metric.provider.web.timeoutSeconds = 1;
    long started = System.nanoTime();
    String message = failure(measure(metric));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
    assertThat(message).isEqualTo("web request to " + server.url("/slow") + " timed out after 1s");
  }

  @Test
  void aRedirectIsReportedNotFollowed() {
    server.respond(exchange -> {
      exchange.getResponseHeaders().set("Location", "http://elsewhere.example/");
      exchange.sendResponseHeaders(302, -1);
    });
    assertThat(failure(measure(metric("/m", null)))).contains("answered with a redirect (HTTP 302)");
    assertThat(server.requests).hasSize(1);
  }

  @Test
  void argumentsFillUrlHeadersAndBody() throws Exception {
    Metric metric = metric("/api?service={{args.service}}", "{$.ok}");
    WebMetric web = metric.provider.web;
    web.method = "POST";
    web.headers = List.of(header("X-Service", "{{ args.service }}"));
    web.jsonBody = new ObjectMapper().readTree("{\"service\":\"{{args.service}}\",\"window\":5}");
    server.answer(200, "{\"ok\":1}");
    assertThat(value(measure(metric, List.of(arg("service", "checkout")))).values()).containsExactly(1.0);
    AnswerServer.Recorded request = server.last();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.pathAndQuery()).isEqualTo("/api?service=checkout");
    assertThat(request.header("X-Service")).isEqualTo("checkout");
    assertThat(request.header("Content-Type")).startsWith("application/json");
    assertThat(new ObjectMapper().readTree(request.body()))
        .isEqualTo(new ObjectMapper().readTree("{\"service\":\"checkout\",\"window\":5}"));
  }

  @Test
  void aPlainBodyIsSentAsWritten() {
    Metric metric = metric("/m", null);
    metric.provider.web.method = "PUT";
    metric.provider.web.body = "window=5m";
    measure(metric);
    assertThat(server.last().method()).isEqualTo("PUT");
    assertThat(server.last().body()).isEqualTo("window=5m");
  }

  @Test
  void aHeaderFromASecretIsSentButNeverShown() {
    Metric metric = metric("/m", null);
    WebMetric.Header header = new WebMetric.Header();
    header.key = "Authorization";
    header.valueFrom = new WebMetric.HeaderSource();
    header.valueFrom.secretKeyRef = new SecretKeySelector("token", "web", null);
    metric.provider.web.headers = List.of(header);
    // A server that echoes what it got, as some error pages do.
    server.respond(exchange -> AnswerServer.send(exchange, 401, "denied for "
        + exchange.getRequestHeaders().getFirst("Authorization")));
    String message = failure(measure(metric));
    assertThat(server.last().header("Authorization")).isEqualTo(TOKEN);
    assertThat(message).isEqualTo("web answered HTTP 401: denied for *****").doesNotContain(TOKEN);
  }

  @Test
  void aSecretArgumentInTheUrlIsRedactedFromMessages() {
    Argument key = new Argument();
    key.name = "key";
    key.valueFrom = new Argument.ValueFrom();
    key.valueFrom.secretKeyRef = new SecretKeySelector("token", "web", null);
    // A server whose error page quotes the request, key included.
    server.respond(exchange -> AnswerServer.send(exchange, 500, "bad request " + exchange.getRequestURI()));
    Metric metric = metric("/m?key={{args.key}}", null);
    String message = failure(measure(metric, List.of(key)));
    assertThat(server.last().pathAndQuery()).isEqualTo("/m?key=" + TOKEN);
    assertThat(message).isEqualTo("web answered HTTP 500: bad request /m?key=*****");
  }

  @Test
  void aMissingSecretIsAnErrorNamingIt() {
    Metric metric = metric("/m", null);
    WebMetric.Header header = new WebMetric.Header();
    header.key = "Authorization";
    header.valueFrom = new WebMetric.HeaderSource();
    header.valueFrom.secretKeyRef = new SecretKeySelector("nope", "web", null);
    metric.provider.web.headers = List.of(header);
    assertThat(failure(measure(metric)))
        .isEqualTo("web.headers[0].valueFrom: secret \"web\" does not exist or has no key \"nope\"");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void anUnreachableServerIsAnError() throws Exception {
    Metric metric = metric("/m", null);
    int port;
    try (var socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    metric.provider.web.url = "http://127.0.0.1:" + port + "/m";
    assertThat(failure(measure(metric))).startsWith("cannot connect to http://127.0.0.1:" + port + "/m");
  }

  private static WebMetric.Header header(String key, String value) {
    WebMetric.Header header = new WebMetric.Header();
    header.key = key;
    header.value = value;
    return header;
  }

  private static Argument arg(String name, String value) {
    Argument arg = new Argument();
    arg.name = name;
    arg.value = value;
    return arg;
  }
}
