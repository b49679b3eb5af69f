package dev.sluice.operator.restart;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Which restart is asked for and not yet done. Two sources: spec.restartAt (Argo Rollouts' field, what a migrated
 * manifest or Argo CD's restart action carries) and the sluice.dev/restartedAt annotation (kubectl sluice restart,
 * which leaves the spec to Git). The later of the two wins; it is pending until status.restartedAt is at or after it.
 */
public record RestartRequest(String text, Instant at) {

  /**
   * The first source that is set but not an RFC 3339 time, or null. Only the annotation can be (the spec field has a
   * pattern); such a source is left out of {@link #pending}, the other still counts.
   */
  public static String invalid(String specRestartAt, String annotation) {
    for (String value : new String[] {specRestartAt, annotation}) {
      if (value != null && !value.isBlank() && time(value) == null) {
        return value;
      }
    }
    return null;
  }

  public static Optional<RestartRequest> pending(String specRestartAt, String annotation, String statusRestartedAt) {
    Optional<RestartRequest> fromSpec = parse(specRestartAt);
    Optional<RestartRequest> fromAnnotation = parse(annotation);
    Optional<RestartRequest> latest = fromSpec.isEmpty() ? fromAnnotation
        : fromAnnotation.isEmpty() || !fromAnnotation.get().at().isAfter(fromSpec.get().at()) ? fromSpec : fromAnnotation;
    if (latest.isEmpty()) {
      return latest;
    }
    Instant done = doneAt(statusRestartedAt);
    return done != null && !done.isBefore(latest.get().at()) ? Optional.empty() : latest;
  }

  private static Optional<RestartRequest> parse(String value) {
    Instant at = value == null ? null : time(value);
    return at == null ? Optional.empty() : Optional.of(new RestartRequest(value, at));
  }

  // An unreadable status (edited by hand) counts as no restart done: restart again rather than never.
  private static Instant doneAt(String status) {
    return status == null ? null : time(status);
  }

  private static Instant time(String value) {
    try {
      return OffsetDateTime.parse(value.trim()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
