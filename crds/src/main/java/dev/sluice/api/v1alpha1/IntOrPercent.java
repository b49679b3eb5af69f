package dev.sluice.api.v1alpha1;

/**
 * The CEL rule for Argo's int-or-string pod counts (maxSurge, maxUnavailable): a whole number, or a string that is a
 * percentage. Argo's controller refuses any other string (InvalidSpec) only once it reconciles; Sluice has the API
 * server and lint refuse it with this message. The rule is Kubernetes' own int-or-string example form.
 */
public final class IntOrPercent {
  public static final String RULE = "type(self) == string ? self.matches('^[0-9]+%$') : self >= 0";
  public static final String MESSAGE = "must be a number of pods (e.g. 1) or a percentage (e.g. 25%)";

  private IntOrPercent() {
  }
}
