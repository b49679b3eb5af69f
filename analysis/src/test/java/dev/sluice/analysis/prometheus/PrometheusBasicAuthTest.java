package dev.sluice.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.args.ResolvedArgs;
import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.analysis.provider.AnalysisRunRef;
import dev.sluice.analysis.provider.MeasureContext;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Argo's {@code authentication.basicAuth} (its Grafana Cloud form): username and password are "{{args.NAME}}" with
 * the arguments from a Secret; the server accepts only the right pair, and the password never shows in a message.
 */
class PrometheusBasicAuthTest {
  private static final String PASSWORD = "glc_secret-9d8c";
  private final PrometheusProvider provider = new PrometheusProvider();
  private FakePrometheus prometheus;

  @BeforeEach
  void start() throws Exception {
    prometheus = FakePrometheus.http();
    String expected = "Basic " + Base64.getEncoder().encodeToString(("123456:" + PASSWORD)
        .getBytes(StandardCharsets.UTF_8));
    prometheus.respond((exchange, request) -> FakePrometheus.send(exchange,
        expected.equals(request.header("Authorization")) ? 200 : 401,
        expected.equals(request.header("Authorization")) ? FakePrometheus.ONE_SAMPLE
            : "authentication error: invalid token " + PASSWORD.substring(0, 4)));
  }

  @AfterEach
  void stop() {
    prometheus.close();
    provider.close();
  }

  private MeasurementOutcome measure(String password) {
    PrometheusMetric spec = new PrometheusMetric();
    spec.address = prometheus.url();
    spec.query = "up";
    spec.authentication = new PrometheusMetric.Authentication();
    spec.authentication.basicAuth = new PrometheusMetric.ArgoBasicAuth();
    spec.authentication.basicAuth.username = "{{ args.basicAuthUsername }}";
    spec.authentication.basicAuth.password = "{{ args.basicAuthSecret }}";
    ResolvedArgs args = new ResolvedArgs(Map.of("basicAuthUsername", "123456", "basicAuthSecret", password),
        Set.of("123456", password));
    SecretLookup noSecrets = (name, key) -> Optional.empty();
    MeasureContext context = new MeasureContext(new AnalysisRunRef("ns", "run", "uid"), args, noSecrets, null, "m", 0);
    MeasurementOutcome outcome = provider.measure(spec, context);
    return outcome instanceof MeasurementOutcome.Failure f ? MeasurementOutcome.failure(context.redact(f.message()))
        : outcome;
  }

  @Test
  void argosBasicAuthIsSentFromTheArguments() {
    assertThat(measure(PASSWORD)).isInstanceOf(MeasurementOutcome.Value.class);
  }

  @Test
  void aWrongPasswordIsAnErrorThatNeverShowsIt() {
    MeasurementOutcome outcome = measure("glc_wrong-1a2b");
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Failure.class);
    assertThat(((MeasurementOutcome.Failure) outcome).message()).contains("401").doesNotContain("glc_wrong-1a2b");
  }
}
