package dev.sluice.api.v1alpha1;

public enum AnalysisPhase {
  Pending, Running, Successful, Failed, Error, Inconclusive;

  public boolean completed() {
    return this != Pending && this != Running;
  }
}
