package dev.sluice.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.args.ResolvedArgs;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;

/**
 * Amazon Managed Prometheus' request signing (Argo's {@code authentication.sigv4}): the provider takes its credentials
 * from the AWS default chain (here its system-property source, as a pod's environment would give them), and a
 * stand-in server checks each request as AWS does, by computing the signature again from what arrived with the
 * secret key it knows and comparing.
 */
@ResourceLock("aws-credentials-system-properties")
class PrometheusSigV4Test {
  private static final String ACCESS_KEY = "AKIDEXAMPLESLUICE01";
  private static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+), Signature=(\\w+)");

  private final PrometheusProvider provider = new PrometheusProvider();
  private FakePrometheus server;
  private volatile String serverSecretKey = SECRET_KEY;
  private volatile String verdict;

  @BeforeEach
  void start() throws Exception {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    server = FakePrometheus.http();
    server.respond((exchange, request) -> {
      verdict = verify(request, server.url());
      if (verdict.equals("ok")) {
        FakePrometheus.send(exchange, 200, FakePrometheus.ONE_SAMPLE);
      } else {
        FakePrometheus.send(exchange, 403, "{\"message\":\"The request signature we calculated does not match\"}");
      }
    });
  }

  @AfterEach
  void stop() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    server.close();
    provider.close();
  }

  private PrometheusMetric spec() {
    PrometheusMetric spec = new PrometheusMetric();
    spec.address = server.url() + "/workspaces/ws-1234";
    spec.query = "sum(rate(http_requests_total{job=\"checkout\"}[5m]))";
    spec.headers = List.of(header("X-Scope-OrgID", "tenant-a"));
    spec.authentication = new PrometheusMetric.Authentication();
    spec.authentication.sigv4 = new PrometheusMetric.Sigv4();
    spec.authentication.sigv4.region = "eu-west-1";
    return spec;
  }

  private static PrometheusMetric.Header header(String key, String value) {
    PrometheusMetric.Header header = new PrometheusMetric.Header();
    header.key = key;
    header.value = value;
    return header;
  }

  private MeasurementOutcome query(PrometheusMetric spec) {
    PrometheusCredentials credentials = new PrometheusCredentials(null, null, null, null, null,
        spec.authentication.sigv4);
    return provider.query(spec, ResolvedArgs.of(Map.of()), credentials);
  }

  @Test
  void aSignedQueryIsAcceptedByAServerThatChecksTheSignature() {
    MeasurementOutcome outcome = query(spec());

    assertThat(verdict).isEqualTo("ok");
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Value.class);
    FakePrometheus.Recorded request = server.last();
    assertThat(request.path()).isEqualTo("/workspaces/ws-1234/api/v1/query");
    assertThat(request.header("Authorization")).contains("Credential=" + ACCESS_KEY + "/", "/eu-west-1/aps/");
    // The tenant header is part of what is signed, so a proxy cannot swap it.
    assertThat(request.header("Authorization")).contains("x-scope-orgid");
  }

  @Test
  void aServerWithAnotherSecretKeyRefusesTheSignature() {
    serverSecretKey = "another-secret-key-entirely";

    MeasurementOutcome outcome = query(spec());

    assertThat(verdict).isEqualTo("signature mismatch");
    assertThat(((MeasurementOutcome.Failure) outcome).message()).contains("403").doesNotContain(SECRET_KEY);
  }

  @Test
  void theGetFallbackIsSignedToo() {
    server.respond((exchange, request) -> {
      if (request.method().equals("POST")) {
        FakePrometheus.send(exchange, 405, "");
        return;
      }
      verdict = verify(request, server.url());
      FakePrometheus.send(exchange, verdict.equals("ok") ? 200 : 403, FakePrometheus.ONE_SAMPLE);
    });

    assertThat(query(spec())).isInstanceOf(MeasurementOutcome.Value.class);
    assertThat(verdict).isEqualTo("ok");
    assertThat(server.last().rawQuery()).contains("query=");
  }

  @Test
  void withoutCredentialsTheMeasurementIsAnErrorSayingSo() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    PrometheusMetric spec = spec();
    // A profile that exists nowhere, so no file or environment on this machine can answer.
    spec.authentication.sigv4.profile = "sluice-test-no-such-profile";

    MeasurementOutcome outcome = query(spec);

    assertThat(((MeasurementOutcome.Failure) outcome).message()).startsWith("sigv4: no AWS credentials");
    assertThat(server.requests).isEmpty();
  }

  /** What AWS does with a SigV4 request: sign again what arrived, with the key it has, and compare. */
  private String verify(FakePrometheus.Recorded request, String base) {
    String authorization = request.header("Authorization");
    String date = request.header("X-Amz-Date");
    if (authorization == null || date == null) {
      return "unsigned";
    }
    Matcher m = AUTHORIZATION.matcher(authorization);
    if (!m.matches() || !m.group(1).equals(ACCESS_KEY) || !m.group(4).equals("aps")) {
      return "malformed authorization";
    }
    Instant signedAt = ZonedDateTime.parse(date, DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(ZoneOffset.UTC)).toInstant();
    SdkHttpRequest.Builder received = SdkHttpRequest.builder()
        .method(SdkHttpMethod.fromValue(request.method()))
        .uri(URI.create(base + request.path() + (request.rawQuery() == null ? "" : "?" + request.rawQuery())));
    for (String name : m.group(5).split(";")) {
      if (!name.equals("host")) {
        received.putHeader(name, request.header(name));
      }
    }
    String expected = AwsV4HttpSigner.create().sign(r -> r
            .identity(AwsBasicCredentials.create(ACCESS_KEY, serverSecretKey))
            .request(received.build())
            .payload(ContentStreamProvider.fromUtf8String(request.body()))
            .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, m.group(4))
            .putProperty(AwsV4HttpSigner.REGION_NAME, m.group(3))
            .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(signedAt, ZoneOffset.UTC)))
        .request().firstMatchingHeader("Authorization").orElse("");
    return expected.equals(authorization) ? "ok" : "signature mismatch";
  }
}
