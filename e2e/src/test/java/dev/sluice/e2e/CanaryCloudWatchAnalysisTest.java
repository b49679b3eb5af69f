package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.analysis.testing.MotoServer;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

/**
 * The cloudWatch provider decides a canary against a real moto server (PyPI): the operator gets its region,
 * credentials and endpoint from the AWS default chain (here system properties, as IRSA or environment variables would
 * give them), data is put with PutMetricData, and the template uses Argo's documented condition on GetMetricData's
 * answer, {@code all(result[0].Values, {# <= 0.01})}.
 */
@Tag("cluster")
@Tag("aws")
@ExtendWith(KubernetesExtension.class)
class CanaryCloudWatchAnalysisTest {
  static OperatorProcess operator;
  static MotoServer moto;

  static String template(String release) {
    return """
        apiVersion: sluice.dev/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: error-rate}
        spec:
          args:
          - name: service
          metrics:
          - name: error-rate
            interval: 2s
            count: 2
            consecutiveErrorLimit: 1
            successCondition: "all(result[0].Values, {# <= 0.01})"
            provider:
              cloudWatch:
                interval: 15m
                metricDataQueries:
                - id: rate
                  metricStat:
                    metric:
                      namespace: app
                      metricName: error_rate
                      dimensions:
                      - {name: service, value: "{{args.service}}"}
                      - {name: release, value: %s}
                    period: 60
                    stat: Average
        """.formatted(release);
  }

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.start();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    try (CloudWatchClient writer = CloudWatchClient.builder().endpointOverride(URI.create(moto.url()))
        .region(Region.EU_WEST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
      List<MetricDatum> data = new ArrayList<>();
      for (int minute = 4; minute >= 1; minute--) {
        Instant at = now.minus(minute, ChronoUnit.MINUTES);
        data.add(datum("good", at, 0.004));
        data.add(datum("bad", at, minute <= 2 ? 0.09 : 0.004));
      }
      writer.putMetricData(r -> r.namespace("app").metricData(data));
    }
    operator = OperatorProcess.start(TestCluster.get(), "aws.region=eu-west-1", "aws.accessKeyId=AKIDSLUICEE2E",
        "aws.secretAccessKey=moto-e2e-secret-6d1a", "aws.endpointUrlCloudWatch=" + moto.url());
  }

  private static MetricDatum datum(String release, Instant at, double value) {
    return MetricDatum.builder().metricName("error_rate").timestamp(at).value(value).unit(StandardUnit.NONE)
        .dimensions(Dimension.builder().name("service").value("web-canary").build(),
            Dimension.builder().name("release").value(release).build())
        .build();
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (moto != null) {
      moto.close();
    }
  }

  @Test
  void aLowErrorRateLetsTheCanaryComplete(KubernetesClient client, TestNamespace ns) {
    ProviderCanary canary = ProviderCanary.start(client, ns.name(), "error-rate", template("good"), Map.of());

    canary.completes("error-rate");

    assertThat(canary.measurementValues()).contains("[0.004,0.004,0.004,0.004]");
  }

  @Test
  void aHighErrorRateAbortsTheCanary(KubernetesClient client, TestNamespace ns) {
    ProviderCanary canary = ProviderCanary.start(client, ns.name(), "error-rate", template("bad"), Map.of());

    canary.aborts("error-rate");

    assertThat(canary.app().analysisRunPhases()).containsExactly("Failed");
    assertThat(canary.measurementValues()).contains("[0.004,0.004,0.09,0.09]");
    assertThat(operator.log()).doesNotContain("moto-e2e-secret-6d1a");
  }
}
