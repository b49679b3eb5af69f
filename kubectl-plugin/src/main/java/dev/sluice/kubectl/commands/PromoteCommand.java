package dev.sluice.kubectl.commands;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.CliException;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.kube.Patches;
import dev.sluice.kubectl.kube.Rollouts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `promote NAME`: leave the current pause (clears status.pauseConditions); `--full`: skip the remaining steps. */
@Command(name = "promote", description = "Leave the current pause (clears status.pauseConditions); with --full, skip "
    + "all remaining steps (status.promoteFull=true).")
public final class PromoteCommand extends ManualAction {
  @Option(names = "--full", description = "Skip the remaining steps and analysis: go straight to the new revision.")
  boolean full;

  PromoteCommand(Context context) {
    super(context);
  }

  @Override
  String act(Rollouts rollouts, Rollout rollout) {
    if (full) {
      rollouts.patchStatus(name, Patches.promoteFull());
      return subject() + " fully promoted";
    }
    if (!RolloutState.hasPauseConditions(rollout)) {
      throw new CliException("nothing to promote: rollout is not paused" + RolloutState.otherPauses(rollout));
    }
    rollouts.patchStatus(name, Patches.clearPauseConditions());
    warnIfPausedBySpec(rollout);
    return subject() + " promoted";
  }
}
