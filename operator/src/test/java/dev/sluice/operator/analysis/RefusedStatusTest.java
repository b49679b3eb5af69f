package dev.sluice.operator.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.Measurement;
import dev.sluice.api.v1alpha1.MetricResult;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusedStatusTest {
  private static KubernetesClientException answer(int code, String message) {
    return new KubernetesClientException(new StatusBuilder().withCode(code).withMessage(message).build());
  }

  @Test
  void tooLargeOrInvalidIsARefusalConflictsAndOutagesAreNot() {
    // The three answers a control plane gives to a status it will never store (seen on the local one).
    assertThat(RefusedStatus.isRefusal(answer(500, "etcdserver: request is too large"))).isTrue();
    assertThat(RefusedStatus.isRefusal(answer(413, "Request entity too large: limit is 3145728"))).isTrue();
    assertThat(RefusedStatus.isRefusal(answer(422, "AnalysisRun.sluice.dev \"r\" is invalid"))).isTrue();

    assertThat(RefusedStatus.isRefusal(answer(409, "the object has been modified"))).isFalse();
    assertThat(RefusedStatus.isRefusal(answer(500, "Internal error occurred: etcd leader changed"))).isFalse();
    assertThat(RefusedStatus.isRefusal(answer(503, "service unavailable"))).isFalse();
  }

  private static AnalysisRunStatus stored() {
    Measurement measurement = new Measurement();
    measurement.phase = AnalysisPhase.Successful;
    measurement.value = "[0.5]";
    MetricResult result = new MetricResult();
    result.name = "m";
    result.phase = AnalysisPhase.Running;
    result.measurements = List.of(measurement);
    AnalysisRunStatus status = new AnalysisRunStatus();
    status.phase = AnalysisPhase.Running;
    status.startedAt = "2026-01-01T00:00:00.000Z";
    status.metricResults = List.of(result);
    return status;
  }

  @Test
  void theRunEndsAsErrorKeepingWhatWasStored() {
    AnalysisRunStatus stored = stored();
    AnalysisRunStatus errored = RefusedStatus.errored(stored, stored(), answer(500, "etcdserver: request is too large"));
    assertThat(errored.phase).isEqualTo(AnalysisPhase.Error);
    assertThat(errored.message).isEqualTo("the API server refused this run's status (HTTP 500: etcdserver: request is"
        + " too large); the run ends as Error instead of retrying forever: keep fewer measurements"
        + " (measurementRetention) or fewer metrics");
    assertThat(errored.metricResults.get(0).measurements).hasSize(1);
    assertThat(stored.phase).as("the stored status is not modified").isEqualTo(AnalysisPhase.Running);
  }

  @Test
  void aRunNeverStoredKeepsNoMeasurement() {
    AnalysisRunStatus errored = RefusedStatus.errored(null, stored(), answer(413, "Request entity too large"));
    assertThat(errored.phase).isEqualTo(AnalysisPhase.Error);
    assertThat(errored.startedAt).isEqualTo("2026-01-01T00:00:00.000Z");
    assertThat(errored.metricResults.get(0).measurements).isNull();
    assertThat(RefusedStatus.withoutMeasurements(stored()).metricResults.get(0).measurements).isNull();
  }

  @Test
  void theServersReasonIsShort() {
    String reason = RefusedStatus.reason(answer(422, "invalid: " + "x".repeat(100_000)));
    assertThat(reason).startsWith("HTTP 422: invalid: xxx").hasSizeLessThan(220);
  }
}
