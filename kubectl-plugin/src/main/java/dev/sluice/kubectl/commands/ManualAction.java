package dev.sluice.kubectl.commands;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.cli.ExitCodes;
import dev.sluice.kubectl.cli.KubeOptions;
import dev.sluice.kubectl.kube.Rollouts;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * A manual action on one rollout: read it (so a missing rollout or a pointless action is reported before anything is
 * written), apply patches, print what was done.
 */
abstract class ManualAction implements Callable<Integer> {
  protected final Context context;
  @Mixin
  KubeOptions kube;
  @Parameters(index = "0", paramLabel = "NAME", description = "The rollout.")
  String name;

  ManualAction(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Rollouts rollouts = new Rollouts(context.cluster());
    String done = act(rollouts, rollouts.get(name));
    context.print(done + "\n");
    return ExitCodes.OK;
  }

  /** Applies the action and returns the line that reports it. */
  abstract String act(Rollouts rollouts, Rollout rollout);

  void warnIfPausedBySpec(Rollout rollout) {
    String warning = RolloutState.specPauseWarning(rollout);
    if (warning != null) {
      context.warn(warning);
    }
  }

  String subject() {
    return "rollout \"" + name + "\"";
  }
}
