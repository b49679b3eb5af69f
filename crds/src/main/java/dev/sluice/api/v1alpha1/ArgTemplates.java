package dev.sluice.api.v1alpha1;

/**
 * Patterns for analysis fields that may hold {@code {{args.NAME}}} references, as in Argo Rollouts: the reference is
 * replaced by the run's argument when the run starts, and the result must then be the field's type (checked then).
 */
public final class ArgTemplates {
  /** One {@code {{args.NAME}}} reference, spaces allowed inside the braces. */
  public static final String REFERENCE = "\\{\\{ *args\\.[A-Za-z0-9_.-]+ *\\}\\}";
  /** A string holding at least one reference: checked once the run has substituted it. */
  public static final String TEMPLATED = ".*" + REFERENCE + ".*";
  /** A duration ({@link Durations#PATTERN}) or a string with a reference. */
  public static final String DURATION_OR_TEMPLATE = "^(([0-9]+(\\.[0-9]+)?(ms|s|m|h))+|" + TEMPLATED + ")$";
  /** A whole number of at least 0 written as a string ("3"), or a string with a reference. */
  public static final String COUNT_OR_TEMPLATE = "^([0-9]{1,9}|" + TEMPLATED + ")$";
  /** As {@link #COUNT_OR_TEMPLATE}, or "-1". */
  public static final String LIMIT_OR_TEMPLATE = "^(-1|[0-9]{1,9}|" + TEMPLATED + ")$";

  private ArgTemplates() {
  }
}
