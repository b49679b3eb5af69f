package dev.sluice.operator.events;

import dev.sluice.api.v1alpha1.Rollout;

/** Hears every Event recorded on a Rollout, with its typed reason; must return at once (it runs in the reconcile). */
public interface RolloutEventListener {
  void recorded(Rollout rollout, String reason, String message);
}
