package dev.sluice.operator.plan;

import dev.sluice.api.v1alpha1.RolloutPhase;
import dev.sluice.api.v1alpha1.RolloutStatus;
import dev.sluice.operator.status.Conditions;
import java.time.Instant;

/**
 * Sets phase, message and the conditions that follow from them, kstatus-style: Ready when Healthy, Reconciling while
 * the controller is still working (Progressing, Paused), Stalled when it cannot go on without a change (Degraded).
 */
public final class RolloutHealth {
  private RolloutHealth() {
  }

  public static void set(RolloutStatus status, RolloutPhase phase, String reason, String message, Long generation, Instant now) {
    status.phase = phase;
    status.message = message == null || message.isEmpty() ? null : message;
    String text = message == null ? "" : message;
    Conditions.set(status.conditions, Conditions.READY, phase == RolloutPhase.Healthy, reason, text, generation, now);
    Conditions.set(status.conditions, Conditions.RECONCILING,
        phase == RolloutPhase.Progressing || phase == RolloutPhase.Paused, reason, text, generation, now);
    Conditions.set(status.conditions, Conditions.STALLED, phase == RolloutPhase.Degraded, reason, text, generation, now);
    Conditions.set(status.conditions, Conditions.PAUSED, phase == RolloutPhase.Paused, reason, text, generation, now);
    Conditions.set(status.conditions, Conditions.COMPLETED, phase == RolloutPhase.Healthy, reason, text, generation, now);
    Conditions.set(status.conditions, Conditions.INVALID_SPEC, false, "Valid", "", generation, now);
  }
}
