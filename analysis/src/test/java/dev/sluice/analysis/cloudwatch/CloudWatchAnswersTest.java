package dev.sluice.analysis.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.args.ResolvedArgs;
import dev.sluice.analysis.provider.AnalysisRunRef;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.api.v1alpha1.CloudWatchMetric;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The answers moto does not give: CloudWatch's documented error and partial answers (GetMetricData's query-protocol
 * XML, the ErrorResponse shape of its Throttling error), and answers too large to hold, from a local server.
 */
class CloudWatchAnswersTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
  private HttpServer server;
  private volatile int status = 200;
  private volatile String answer = "";
  private final AtomicInteger calls = new AtomicInteger();
  private CloudWatchProvider provider;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        exchange.getRequestBody().readAllBytes();
        calls.incrementAndGet();
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    });
    server.start();
    provider = provider("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private static CloudWatchProvider provider(String endpoint) {
    return new CloudWatchProvider(Clock.fixed(NOW, ZoneOffset.UTC), () -> CloudWatchClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKID", "secret-key-x")))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build());
  }

  @AfterEach
  void stop() {
    provider.close();
    server.stop(0);
  }

  private static CloudWatchMetric spec() {
    CloudWatchMetric spec = new CloudWatchMetric();
    CloudWatchMetric.MetricDataQuery query = new CloudWatchMetric.MetricDataQuery();
    query.id = "rate";
    query.expression = "errors / requests";
    spec.metricDataQueries = List.of(query);
    return spec;
  }

  private MeasurementOutcome measure(CloudWatchProvider provider) {
    return provider.measure(spec(), new MeasureContext(new AnalysisRunRef("ns", "run", "uid"),
        ResolvedArgs.of(Map.of()), (name, key) -> Optional.empty(), null, "m", 0));
  }

  private static String failure(MeasurementOutcome outcome) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Failure.class);
    return ((MeasurementOutcome.Failure) outcome).message();
  }

  private static String results(String members, String nextToken) {
    return "<GetMetricDataResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><GetMetricDataResult>"
        + "<MetricDataResults>" + members + "</MetricDataResults><Messages/>"
        + (nextToken == null ? "" : "<NextToken>" + nextToken + "</NextToken>")
        + "</GetMetricDataResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetMetricDataResponse>";
  }

  private static String member(String id, String status, int points, String messages) {
    StringBuilder times = new StringBuilder();
    StringBuilder values = new StringBuilder();
    for (int i = 0; i < points; i++) {
      times.append("<member>").append(NOW.minusSeconds(60L * (points - i))).append("</member>");
      values.append("<member>").append(i % 2 == 0 ? "0.5" : "NaN").append("</member>");
    }
    return "<member><Id>" + id + "</Id><Label>" + id + "</Label><StatusCode>" + status + "</StatusCode>"
        + "<Timestamps>" + times + "</Timestamps><Values>" + values + "</Values>"
        + (messages == null ? "" : "<Messages><member><Code>" + messages + "</Code><Value>details</Value></member>"
        + "</Messages>") + "</member>";
  }

  @Test
  void aCompleteAnswerIsItsValues() {
    answer = results(member("rate", "Complete", 3, null), null);

    MeasurementOutcome outcome = measure(provider);

    assertThat(outcome).isInstanceOf(MeasurementOutcome.Value.class);
    assertThat(((MeasurementOutcome.Value) outcome).value().display()).isEqualTo("[0.5,NaN,0.5]");
  }

  @Test
  void throttlingIsAnErrorSayingRateLimited() {
    status = 400;
    answer = "<ErrorResponse xmlns=\"http://monitoring.amazonaws.com/doc/2010-08-01/\"><Error><Type>Sender</Type>"
        + "<Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r2</RequestId></ErrorResponse>";

    assertThat(failure(measure(provider))).isEqualTo(
        "cloudWatch throttled GetMetricData (rate limited) (HTTP 400, Throttling): Rate exceeded");
  }

  @Test
  void anAccessDeniedIsAnErrorWithTheServersWords() {
    status = 403;
    answer = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to"
        + " perform: cloudwatch:GetMetricData</Message></Error><RequestId>r3</RequestId></ErrorResponse>";

    assertThat(failure(measure(provider))).startsWith("cloudWatch refused GetMetricData (HTTP 403, AccessDenied):"
        + " User is not authorized").doesNotContain("secret-key-x");
  }

  @Test
  void anInternalErrorOfAQueryIsAnError() {
    answer = results(member("rate", "InternalError", 0, "InternalError"), null);

    assertThat(failure(measure(provider))).isEqualTo(
        "cloudWatch query \"rate\" failed: InternalError: InternalError details");
  }

  @Test
  void partialDataFollowsTheNextTokenAndJoinsThePages() {
    server.removeContext("/");
    AtomicInteger page = new AtomicInteger();
    server.createContext("/", exchange -> {
      try (exchange) {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean second = body.contains("NextToken=page2");
        page.incrementAndGet();
        byte[] bytes = (second ? results(member("rate", "Complete", 1, null), null)
            : results(member("rate", "PartialData", 3, null), "page2")).getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
      }
    });

    MeasurementOutcome outcome = measure(provider);

    assertThat(page.get()).isEqualTo(2);
    // The second page's point falls on the first page's first minute: one value per time, oldest first.
    assertThat(((MeasurementOutcome.Value) outcome).value().values()).hasSize(3);
  }

  @Test
  void tooManyPointsAreRefusedRatherThanHeld() {
    answer = results(member("rate", "Complete", CloudWatchProvider.MAX_POINTS + 1, null), null);

    assertThat(failure(measure(provider))).startsWith("cloudWatch answered more than 10000 points");
  }

  @Test
  void anEndlessChainOfPagesIsRefused() {
    answer = results(member("rate", "PartialData", 1, null), "again");

    assertThat(failure(measure(provider))).startsWith("cloudWatch answered more than 10 pages");
    assertThat(calls.get()).isEqualTo(CloudWatchProvider.MAX_PAGES);
  }

  @Test
  void anAnswerThatIsNotCloudWatchsIsAnError() {
    answer = "<html>proxy error</html>";
    status = 502;

    assertThat(failure(measure(provider))).startsWith("cloudWatch refused GetMetricData (HTTP 502");
  }

  @Test
  void anUnreachableEndpointIsAnError() {
    try (CloudWatchProvider unreachable = provider("http://127.0.0.1:1")) {
      assertThat(failure(measure(unreachable))).startsWith("cannot reach cloudWatch");
    }
  }
}
