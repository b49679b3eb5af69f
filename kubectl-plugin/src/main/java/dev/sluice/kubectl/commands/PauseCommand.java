package dev.sluice.kubectl.commands;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.kube.Contract;
import dev.sluice.kubectl.kube.Patches;
import dev.sluice.kubectl.kube.Rollouts;
import picocli.CommandLine.Command;

/** `pause NAME`: the sluice.dev/paused annotation, which the controller treats like spec.paused (spec is Git's). */
@Command(name = "pause", description = "Pause the rollout where it stands (sets the " + Contract.PAUSED_ANNOTATION + " annotation).")
public final class PauseCommand extends ManualAction {
  PauseCommand(Context context) {
    super(context);
  }

  @Override
  String act(Rollouts rollouts, Rollout rollout) {
    if (RolloutState.pausedByAnnotation(rollout)) {
      return subject() + " is already paused";
    }
    rollouts.patchMetadata(name, Patches.annotation(Contract.PAUSED_ANNOTATION, "true"));
    return subject() + " paused";
  }
}
