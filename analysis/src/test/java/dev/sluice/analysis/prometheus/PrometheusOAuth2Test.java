package dev.sluice.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.args.ResolvedArgs;
import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.analysis.provider.AnalysisRunRef;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.api.v1alpha1.OAuth2;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
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
 * Prometheus behind OAuth2 client credentials (Argo's {@code authentication.oauth2}): a token endpoint answering as
 * RFC 6749 sections 4.4 and 5 describe, and a Prometheus stand-in that accepts only the token it handed out.
 */
class PrometheusOAuth2Test {
  private static final String SECRET = "s3cret-client-value";
  private final MutableClock clock = new MutableClock(Instant.parse("2024-05-01T10:00:00Z"));
  private final PrometheusProvider provider = new PrometheusProvider(clock);
  private final AtomicInteger issued = new AtomicInteger();
  private FakePrometheus tokenEndpoint;
  private FakePrometheus prometheus;
  private volatile String expiresIn = "3600";

  @BeforeEach
  void start() throws Exception {
    tokenEndpoint = FakePrometheus.http();
    prometheus = FakePrometheus.http();
    tokenEndpoint.respond((exchange, request) -> {
      String basic = "Basic " + Base64.getEncoder().encodeToString(("my-client:" + SECRET)
          .getBytes(StandardCharsets.UTF_8));
      if (!"client_credentials".equals(request.params().get("grant_type"))) {
        FakePrometheus.send(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
      } else if (!basic.equals(request.header("Authorization"))) {
        FakePrometheus.send(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\"bad client\"}");
      } else if (!"metrics:read".equals(request.params().get("scope"))) {
        FakePrometheus.send(exchange, 400, "{\"error\":\"invalid_scope\",\"error_description\":\"unknown scope "
            + request.params().get("scope") + "\"}");
      } else {
        FakePrometheus.send(exchange, 200, "{\"access_token\":\"tok-" + issued.incrementAndGet()
            + "\",\"token_type\":\"Bearer\"" + (expiresIn == null ? "" : ",\"expires_in\":" + expiresIn) + "}");
      }
    });
    prometheus.respond((exchange, request) -> {
      if (("Bearer tok-" + issued.get()).equals(request.header("Authorization"))) {
        FakePrometheus.send(exchange, 200, FakePrometheus.ONE_SAMPLE);
      } else {
        FakePrometheus.send(exchange, 401, "unauthorized");
      }
    });
  }

  @AfterEach
  void stop() {
    tokenEndpoint.close();
    prometheus.close();
    provider.close();
  }

  private PrometheusMetric spec(String scope) {
    PrometheusMetric spec = new PrometheusMetric();
    spec.address = prometheus.url();
    spec.query = "up";
    spec.authentication = new PrometheusMetric.Authentication();
    spec.authentication.oauth2 = new OAuth2();
    spec.authentication.oauth2.tokenUrl = tokenEndpoint.url() + "/oauth2/token";
    spec.authentication.oauth2.clientId = "my-client";
    spec.authentication.oauth2.clientSecret = "{{args.oauth-secret}}";
    spec.authentication.oauth2.scopes = List.of(scope);
    return spec;
  }

  /** Argo's form: clientSecret is "{{args.NAME}}" and the argument comes from a Secret. */
  private MeasurementOutcome measure(PrometheusMetric spec) {
    ResolvedArgs args = new ResolvedArgs(Map.of("oauth-secret", SECRET), Set.of(SECRET));
    SecretLookup noSecrets = (name, key) -> Optional.empty();
    MeasureContext context = new MeasureContext(new AnalysisRunRef("ns", "run", "uid"), args, noSecrets, null, "m", 0);
    MeasurementOutcome outcome = provider.measure(spec, context);
    return outcome instanceof MeasurementOutcome.Failure f ? MeasurementOutcome.failure(context.redact(f.message()))
        : outcome;
  }

  @Test
  void getsATokenByTheClientCredentialsGrantAndQueriesWithIt() {
    MeasurementOutcome outcome = measure(spec("metrics:read"));

    assertThat(outcome).isInstanceOf(MeasurementOutcome.Value.class);
    assertThat(tokenEndpoint.last().path()).isEqualTo("/oauth2/token");
    assertThat(tokenEndpoint.last().method()).isEqualTo("POST");
    assertThat(prometheus.last().header("Authorization")).isEqualTo("Bearer tok-1");
  }

  @Test
  void reusesTheTokenUntilShortlyBeforeItExpires() {
    expiresIn = "120";
    assertThat(measure(spec("metrics:read"))).isInstanceOf(MeasurementOutcome.Value.class);
    clock.advance(Duration.ofSeconds(80));
    assertThat(measure(spec("metrics:read"))).isInstanceOf(MeasurementOutcome.Value.class);
    assertThat(tokenEndpoint.requests).hasSize(1);

    clock.advance(Duration.ofSeconds(11)); // 91 s: within the 30 s margin of the 120 s lifetime
    assertThat(measure(spec("metrics:read"))).isInstanceOf(MeasurementOutcome.Value.class);
    assertThat(tokenEndpoint.requests).hasSize(2);
    assertThat(prometheus.last().header("Authorization")).isEqualTo("Bearer tok-2");
  }

  @Test
  void aTokenPrometheusRefusesIsReplacedOnce() {
    expiresIn = null; // no expiry given: kept until refused
    assertThat(measure(spec("metrics:read"))).isInstanceOf(MeasurementOutcome.Value.class);
    issued.incrementAndGet(); // the server now accepts only a newer token: tok-1 was revoked

    assertThat(measure(spec("metrics:read"))).isInstanceOf(MeasurementOutcome.Value.class);
    assertThat(tokenEndpoint.requests).hasSize(2);
    assertThat(prometheus.last().header("Authorization")).isEqualTo("Bearer tok-3");
  }

  @Test
  void aRefusedGrantIsAnErrorWithTheServersReasonAndNoSecret() {
    MeasurementOutcome outcome = measure(spec("admin " + SECRET));

    assertThat(outcome).isInstanceOf(MeasurementOutcome.Failure.class);
    String message = ((MeasurementOutcome.Failure) outcome).message();
    assertThat(message).contains("oauth2 token endpoint", "HTTP 400", "invalid_scope").doesNotContain(SECRET);
    assertThat(prometheus.requests).isEmpty();
  }

  @Test
  void aWrongSecretFromASecretKeyIsRefused() {
    PrometheusMetric spec = spec("metrics:read");
    spec.authentication.oauth2.clientSecret = null;
    spec.authentication.oauth2.clientSecretRef = new SecretKeySelector("secret", "oauth", null);
    SecretLookup secrets = (name, key) -> Optional.of("wrong-" + SECRET);
    MeasureContext context = new MeasureContext(new AnalysisRunRef("ns", "run", "uid"), ResolvedArgs.of(Map.of()),
        secrets, null, "m", 0);

    MeasurementOutcome outcome = provider.measure(spec, context);

    assertThat(outcome).isInstanceOf(MeasurementOutcome.Failure.class);
    assertThat(context.redact(((MeasurementOutcome.Failure) outcome).message()))
        .contains("refused the client credentials (HTTP 401)", "invalid_client").doesNotContain(SECRET);
    // Basic first, then the credentials in the form, as Go's oauth2 client tries them.
    assertThat(tokenEndpoint.requests).hasSize(2);
    assertThat(tokenEndpoint.requests.get(1).params()).containsEntry("client_id", "my-client");
  }

  @Test
  void anUnreachableTokenEndpointIsAnError() {
    PrometheusMetric spec = spec("metrics:read");
    spec.authentication.oauth2.tokenUrl = "http://127.0.0.1:1/token";

    MeasurementOutcome outcome = measure(spec);

    assertThat(((MeasurementOutcome.Failure) outcome).message())
        .startsWith("cannot reach the oauth2 token endpoint http://127.0.0.1:1/token");
  }

  @Test
  void anAnswerWithoutATokenIsAnError() {
    tokenEndpoint.respond((exchange, request) -> FakePrometheus.send(exchange, 200, "{\"token_type\":\"bearer\"}"));

    MeasurementOutcome outcome = measure(spec("metrics:read"));

    assertThat(((MeasurementOutcome.Failure) outcome).message()).contains("without an access_token");
  }

  private static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
