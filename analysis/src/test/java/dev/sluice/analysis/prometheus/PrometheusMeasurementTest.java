package dev.sluice.analysis.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.provider.TestSources;
import dev.sluice.analysis.args.SecretLookup;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.Metric;
import dev.sluice.api.v1alpha1.MetricProvider;
import dev.sluice.api.v1alpha1.PrometheusMetric;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PrometheusMeasurementTest {
  private final PrometheusProvider provider = new PrometheusProvider();
  private final List<String> secretReads = new ArrayList<>();
  private final SecretLookup secrets = (name, key) -> {
    secretReads.add(name + "/" + key);
    return Optional.ofNullable(Map.of("prom/token", "tok-abcdef", "prom/user", "analyst", "prom/password",
        "pw-abcdef", "app/key", "key-abcdef").get(name + "/" + key));
  };
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

  private Metric metric(String query) {
    Metric metric = new Metric();
    metric.name = "m";
    metric.successCondition = "result > 0.5";
    metric.provider = new MetricProvider();
    metric.provider.prometheus = new PrometheusMetric();
    metric.provider.prometheus.address = server.url();
    metric.provider.prometheus.query = query;
    return metric;
  }

  private static Argument secretArg(String name, String secret, String key) {
    Argument arg = new Argument();
    arg.name = name;
    arg.valueFrom = new Argument.ValueFrom();
    arg.valueFrom.secretKeyRef = new SecretKeySelector(key, secret, null);
    return arg;
  }

  private static String failure(MeasurementOutcome outcome) {
    assertThat(outcome).isInstanceOf(MeasurementOutcome.Failure.class);
    return ((MeasurementOutcome.Failure) outcome).message();
  }

  @Test
  void resolvesArgumentsOnceAndCredentialsPerMetric() {
    Metric metric = metric("up{key=\"{{args.key}}\"}");
    metric.provider.prometheus.authentication = new PrometheusMetric.Authentication();
    metric.provider.prometheus.authentication.bearer = new SecretKeySelector("token", "prom", null);
    var source = TestSources.of(provider,
        List.of(secretArg("key", "app", "key")), secrets);
    assertThat(source.measure(metric)).isInstanceOf(MeasurementOutcome.Value.class);
    assertThat(source.measure(metric)).isInstanceOf(MeasurementOutcome.Value.class);
    assertThat(server.last().params()).containsEntry("query", "up{key=\"key-abcdef\"}");
    assertThat(server.last().header("Authorization")).isEqualTo("Bearer tok-abcdef");
    assertThat(secretReads).containsExactly("app/key", "prom/token", "prom/token");
  }

  @Test
  void basicAuthFromSecrets() {
    Metric metric = metric("up");
    metric.provider.prometheus.authentication = new PrometheusMetric.Authentication();
    metric.provider.prometheus.authentication.basic = new PrometheusMetric.BasicAuth();
    metric.provider.prometheus.authentication.basic.username = new SecretKeySelector("user", "prom", null);
    metric.provider.prometheus.authentication.basic.password = new SecretKeySelector("password", "prom", null);
    TestSources.of(provider, List.of(), secrets).measure(metric);
    assertThat(server.last().header("Authorization")).startsWith("Basic ");
  }

  @Test
  void unreadableSecretsAreMeasurementErrors() {
    Metric metric = metric("up");
    metric.provider.prometheus.authentication = new PrometheusMetric.Authentication();
    metric.provider.prometheus.authentication.bearer = new SecretKeySelector("nope", "prom", null);
    assertThat(failure(TestSources.of(provider, List.of(), secrets).measure(metric)))
        .isEqualTo("authentication.bearer: secret \"prom\" does not exist or has no key \"nope\"");
    assertThat(failure(TestSources.of(provider, List.of(secretArg("k", "gone", "k")), secrets)
        .measure(metric("up")))).isEqualTo("argument \"k\": secret \"gone\" does not exist or has no key \"k\"");
    assertThat(server.requests).isEmpty();
  }

  @Test
  void secretArgumentsAreRedactedFromServerMessages() {
    server.respond((exchange, request) -> FakePrometheus.send(exchange, 400,
        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"bad query " + request.params().get("query").replace("\"", "\\\"") + "\"}"));
    String message = failure(TestSources.of(provider, List.of(secretArg("key", "app", "key")), secrets)
        .measure(metric("up{key=\"{{args.key}}\"}")));
    assertThat(message).isEqualTo("prometheus error (bad_data): bad query up{key=\"*****\"} [HTTP 400]");
  }

  @Test
  void metricWithoutPrometheusProvider() {
    Metric metric = metric("up");
    metric.provider.prometheus = null;
    assertThat(failure(TestSources.of(provider, null, secrets).measure(metric)))
        .isEqualTo("metric needs exactly one provider of prometheus");
  }
}
