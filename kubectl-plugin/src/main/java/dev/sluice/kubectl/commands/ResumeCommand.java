package dev.sluice.kubectl.commands;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.CliException;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.kube.Contract;
import dev.sluice.kubectl.kube.Patches;
import dev.sluice.kubectl.kube.Rollouts;
import picocli.CommandLine.Command;

/** `resume NAME`: removes the sluice.dev/paused annotation and clears status.pauseConditions. */
@Command(name = "resume", description = "Resume a paused rollout (removes the " + Contract.PAUSED_ANNOTATION
    + " annotation, clears the pause conditions).")
public final class ResumeCommand extends ManualAction {
  ResumeCommand(Context context) {
    super(context);
  }

  @Override
  String act(Rollouts rollouts, Rollout rollout) {
    boolean annotated = RolloutState.pausedByAnnotation(rollout);
    boolean conditions = RolloutState.hasPauseConditions(rollout);
    if (!annotated && !conditions) {
      throw new CliException("nothing to resume: rollout is not paused"
          + (RolloutState.pausedBySpec(rollout) ? " by Sluice (spec.paused is true: set it to false in Git)" : ""));
    }
    if (annotated) {
      rollouts.patchMetadata(name, Patches.annotation(Contract.PAUSED_ANNOTATION, null));
    }
    if (conditions) {
      rollouts.patchStatus(name, Patches.clearPauseConditions());
    }
    warnIfPausedBySpec(rollout);
    return subject() + " resumed";
  }
}
