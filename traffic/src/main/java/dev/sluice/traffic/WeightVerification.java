package dev.sluice.traffic;

import java.util.ArrayList;
import java.util.List;

/** The outcome of reading the routes back: verified, or the backends whose weights differ (one line each). */
public record WeightVerification(boolean verified, List<String> mismatches) {
  public WeightVerification {
    mismatches = List.copyOf(mismatches);
    if (verified != mismatches.isEmpty()) {
      throw new IllegalArgumentException("verified exactly when there is no mismatch");
    }
  }

  public static WeightVerification of(List<String> mismatches) {
    return new WeightVerification(mismatches.isEmpty(), mismatches);
  }

  public WeightVerification and(WeightVerification other) {
    List<String> all = new ArrayList<>(mismatches);
    all.addAll(other.mismatches);
    return of(all);
  }

  @Override
  public String toString() {
    return verified ? "verified" : "not verified: " + String.join("; ", mismatches);
  }
}
