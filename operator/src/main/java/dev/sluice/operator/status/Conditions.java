package dev.sluice.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Standard Kubernetes conditions: lastTransitionTime moves only when the status really changes. */
public final class Conditions {
  public static final String READY = "Ready";
  public static final String RECONCILING = "Reconciling";
  public static final String STALLED = "Stalled";
  public static final String PROGRESSING = "Progressing";
  public static final String AVAILABLE = "Available";
  public static final String PAUSED = "Paused";
  public static final String COMPLETED = "Completed";
  public static final String INVALID_SPEC = "InvalidSpec";

  private Conditions() {
  }

  public static Optional<Condition> find(List<Condition> conditions, String type) {
    return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
  }

  public static boolean isTrue(List<Condition> conditions, String type) {
    return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
  }

  /** Sets a condition in place; returns true when its status changed (a transition). */
  public static boolean set(List<Condition> conditions, String type, boolean status, String reason, String message,
      Long generation, Instant now) {
    String statusText = status ? "True" : "False";
    Optional<Condition> existing = find(conditions, type);
    boolean transition = existing.map(c -> !statusText.equals(c.getStatus())).orElse(true);
    String lastTransition = transition ? now.toString() : existing.get().getLastTransitionTime();
    Condition updated = new ConditionBuilder().withType(type).withStatus(statusText).withReason(reason)
        .withMessage(message == null ? "" : message).withObservedGeneration(generation)
        .withLastTransitionTime(lastTransition).build();
    existing.ifPresentOrElse(c -> conditions.set(conditions.indexOf(c), updated), () -> conditions.add(updated));
    return transition;
  }

  public static void remove(List<Condition> conditions, String type) {
    conditions.removeIf(c -> type.equals(c.getType()));
  }
}
