package dev.sluice.kubectl.commands;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.CliException;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.kube.Contract;
import dev.sluice.kubectl.kube.Patches;
import dev.sluice.kubectl.kube.Rollouts;
import picocli.CommandLine.Command;

/** `retry NAME`: start an aborted rollout again (status.abort=false); removes a pending revert request. */
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
    if (RolloutState.hasAnnotation(rollout, Contract.REVERT_ON_ABORT_ANNOTATION)) {
      rollouts.patchMetadata(name, Patches.annotation(Contract.REVERT_ON_ABORT_ANNOTATION, null));
    }
    rollouts.patchStatus(name, Patches.abort(false));
    return subject() + " retried";
  }
}
