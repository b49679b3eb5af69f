package dev.sluice.operator.notifications;

import dev.sluice.api.v1alpha1.Rollout;

/** One Event recorded on a Rollout that fires a trigger; identity says which occurrence it is, for sending it once. */
public record NotificationEvent(String trigger, String reason, String message, String identity) {

  /**
   * The identity of an occurrence: the Rollout (uid), the trigger, the attempt of the revision (a retry starts a new
   * one) and the Event's message, which names what happened (the revision, the step, the run, the revert commit).
   * The same Event recorded again (a revert run again after a restart, a reconcile repeated) has the same identity.
   */
  public static NotificationEvent of(Rollout rollout, String trigger, String reason, String message) {
    var status = rollout.getStatus();
    Integer attempt = status == null ? null : status.canary != null ? status.canary.attempt
        : status.blueGreen != null ? status.blueGreen.attempt : null;
    String identity = SentRecord.digest(rollout.getMetadata().getUid() + "\n" + trigger + "\n" + attempt + "\n" + message);
    return new NotificationEvent(trigger, reason, message, identity);
  }
}
