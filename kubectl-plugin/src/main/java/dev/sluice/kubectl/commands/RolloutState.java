package dev.sluice.kubectl.commands;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.kube.Contract;
import java.util.Map;

/** The manual-control facts the actions check before they write. */
final class RolloutState {
  private RolloutState() {
  }

  static boolean hasPauseConditions(Rollout rollout) {
    return rollout.getStatus() != null && rollout.getStatus().pauseConditions != null
        && !rollout.getStatus().pauseConditions.isEmpty();
  }

  static boolean aborted(Rollout rollout) {
    return rollout.getStatus() != null && Boolean.TRUE.equals(rollout.getStatus().abort);
  }

  static boolean pausedBySpec(Rollout rollout) {
    return rollout.getSpec() != null && Boolean.TRUE.equals(rollout.getSpec().paused);
  }

  static boolean hasAnnotation(Rollout rollout, String key) {
    Map<String, String> annotations = rollout.getMetadata().getAnnotations();
    return annotations != null && annotations.containsKey(key);
  }

  static boolean pausedByAnnotation(Rollout rollout) {
    return hasAnnotation(rollout, Contract.PAUSED_ANNOTATION);
  }

  /** A warning for a rollout whose spec.paused will keep it paused whatever the plugin does; null if none. */
  static String specPauseWarning(Rollout rollout) {
    return pausedBySpec(rollout) ? "warning: spec.paused is true: the rollout stays paused until it is false in Git" : null;
  }

  /** Why a rollout without pause conditions still does not move, as advice; empty when nothing holds it. */
  static String otherPauses(Rollout rollout) {
    if (pausedByAnnotation(rollout)) {
      return " (it is paused by the " + Contract.PAUSED_ANNOTATION + " annotation: use `kubectl sluice resume "
          + rollout.getMetadata().getName() + "`)";
    }
    if (pausedBySpec(rollout)) {
      return " (spec.paused is true: set it to false in Git)";
    }
    return "";
  }
}
