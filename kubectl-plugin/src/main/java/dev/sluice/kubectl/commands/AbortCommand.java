package dev.sluice.kubectl.commands;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.kube.Patches;
import dev.sluice.kubectl.kube.Rollouts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `abort NAME [--revert]`: status.abort=true. --revert sets status.revertRequested=true in the same patch, so the
 * controller sees the request with the abort; an abort without --revert withdraws an older request.
 */
@Command(name = "abort", description = "Abort the rollout: traffic back to stable, canary scaled down (status.abort=true).")
public final class AbortCommand extends ManualAction {
  @Option(names = "--revert", description = "Also write the Git revert commit of the release "
      + "(status.revertRequested=true; needs spec.gitRevert or the operator's default).")
  boolean revert;

  AbortCommand(Context context) {
    super(context);
  }

  @Override
  String act(Rollouts rollouts, Rollout rollout) {
    if (revert) {
      if (rollout.getSpec() == null || rollout.getSpec().gitRevert == null) {
        context.warn("warning: spec.gitRevert is not set: the controller has nowhere to commit the revert");
      }
      rollouts.patchStatus(name, Patches.abortRequestingRevert(true));
    } else if (rollout.getStatus() != null && Boolean.TRUE.equals(rollout.getStatus().revertRequested)) {
      rollouts.patchStatus(name, Patches.abortRequestingRevert(null));
    } else {
      rollouts.patchStatus(name, Patches.abort(true));
    }
    return subject() + " aborted" + (revert ? "; Git revert requested" : "");
  }
}
