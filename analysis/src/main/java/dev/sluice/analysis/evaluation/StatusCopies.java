package dev.sluice.analysis.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.AnalysisRunStatus;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Deep copies of the status, so evaluation never modifies the object the reconciler read from its cache. */
final class StatusCopies {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusCopies() {
  }

  static boolean differ(AnalysisRunStatus a, AnalysisRunStatus b) {
    return !JSON.valueToTree(a == null ? new AnalysisRunStatus() : a)
        .equals(JSON.valueToTree(b == null ? new AnalysisRunStatus() : b));
  }

  static AnalysisRunStatus copy(AnalysisRunStatus status) {
    if (status == null) {
      return new AnalysisRunStatus();
    }
    try {
      // A byte round trip: convertValue would hand back the same instance for the same type.
      return JSON.readValue(JSON.writeValueAsBytes(status), AnalysisRunStatus.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
