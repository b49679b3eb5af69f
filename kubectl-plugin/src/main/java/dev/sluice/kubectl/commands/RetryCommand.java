package dev.sluice.kubectl.commands;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.CliException;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.kube.Patches;
import dev.sluice.kubectl.kube.Rollouts;
import picocli.CommandLine.Command;

/**
 * `retry NAME`: start an aborted rollout again (status.abort=false). The controller then clears
 * status.revertRequested and lifts the quarantine of a revision reverted in Git (ReleaseRejected).
 */
@Command(name = "retry", description = "Retry an aborted rollout (status.abort=false).")
public final class RetryCommand extends ManualAction {
  RetryCommand(Context context) {
    super(context);
  }

  @Override
  String act(Rollouts rollouts, Rollout rollout) {
    if (!RolloutState.aborted(rollout)) {
      throw new CliException("nothing to retry: rollout is not aborted");
    }
    rollouts.patchStatus(name, Patches.abort(false));
    return subject() + " retried";
  }
}
