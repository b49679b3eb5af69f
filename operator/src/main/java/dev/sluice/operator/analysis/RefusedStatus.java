package dev.sluice.operator.analysis;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.status.StatusText;
import dev.sluice.api.v1alpha1.AnalysisPhase;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import dev.sluice.api.v1alpha1.MetricResult;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Locale;

/**
 * An AnalysisRun status the API server refuses for good: too large for etcd ({@code 500 etcdserver: request is too
 * large}), over the request limit ({@code 413}), or invalid ({@code 422}). Retrying the same write would fail the same
 * way forever and leave the run Running, and its Rollout holding traffic on the canary; instead the run ends as Error
 * with a short message, which the Rollout treats like any errored analysis (it aborts). A conflict or an outage is not
 * a refusal: those are retried by the reconcile.
 */
final class RefusedStatus {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REASON_CHARS = 200;

  private RefusedStatus() {
  }

  static boolean isRefusal(KubernetesClientException e) {
    int code = e.getCode();
    if (code == 413 || code == 422) {
      return true;
    }
    // etcd's "request is too large" reaches the client as an internal error.
    return code == 500 && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("too large");
  }

  /**
   * The last stored status (or, for a run never written, the desired one without its measurements), ended as Error,
   * saying why. Measurements already stored stay, so a person sees what the run measured.
   */
  static AnalysisRunStatus errored(AnalysisRunStatus stored, AnalysisRunStatus desired, KubernetesClientException e) {
    AnalysisRunStatus status = stored != null ? copy(stored) : withoutMeasurements(desired);
    if (status.startedAt == null) {
      status.startedAt = desired.startedAt;
    }
    status.phase = AnalysisPhase.Error;
    status.message = "the API server refused this run's status (" + reason(e) + "); the run ends as Error instead of"
        + " retrying forever: keep fewer measurements (measurementRetention) or fewer metrics";
    return status;
  }

  /** The errored status with no measurement at all: for when even the last stored one can no longer be written. */
  static AnalysisRunStatus withoutMeasurements(AnalysisRunStatus status) {
    AnalysisRunStatus bare = copy(status);
    if (bare.metricResults != null) {
      for (MetricResult result : bare.metricResults) {
        result.measurements = null;
      }
    }
    return bare;
  }

  /** {@code HTTP 500: etcdserver: request is too large}, short: the server's text may hold the object. */
  static String reason(KubernetesClientException e) {
    String text = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
    String flat = text == null ? "" : text.replaceAll("\\s+", " ").trim();
    String cut = flat.length() > REASON_CHARS ? flat.substring(0, REASON_CHARS) + "..." : flat;
    return StatusText.message("HTTP " + e.getCode() + (cut.isEmpty() ? "" : ": " + cut));
  }

  private static AnalysisRunStatus copy(AnalysisRunStatus status) {
    return status == null ? new AnalysisRunStatus() : JSON.convertValue(status, AnalysisRunStatus.class);
  }
}
