package dev.sluice.kubectl.commands;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.kube.Contract;
import dev.sluice.kubectl.kube.Patches;
import dev.sluice.kubectl.kube.Rollouts;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `abort NAME [--revert]`: status.abort=true. The revert request is an annotation set before the abort, so the
 * controller sees it when it handles the abort; an abort without --revert removes an older request.
 */
@Command(name = "abort", description = "Abort the rollout: traffic back to stable, canary scaled down (status.abort=true).")
public final class AbortCommand extends ManualAction {
  @Option(names = "--revert", description = "Also write the Git revert commit of the release (annotation "
      + Contract.REVERT_ON_ABORT_ANNOTATION + "=true; needs spec.gitRevert).")
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
      rollouts.patchMetadata(name, Patches.annotation(Contract.REVERT_ON_ABORT_ANNOTATION, "true"));
    } else if (RolloutState.hasAnnotation(rollout, Contract.REVERT_ON_ABORT_ANNOTATION)) {
      rollouts.patchMetadata(name, Patches.annotation(Contract.REVERT_ON_ABORT_ANNOTATION, null));
    }
    rollouts.patchStatus(name, Patches.abort(true));
    return subject() + " aborted" + (revert ? "; Git revert requested" : "");
  }
}
