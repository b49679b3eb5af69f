package dev.sluice.kubectl.commands;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.kube.Contract;
import dev.sluice.kubectl.kube.Patches;
import dev.sluice.kubectl.kube.Rollouts;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;

/** `restart NAME`: the sluice.dev/restartedAt annotation; the controller restarts pods created before that time. */
@Command(name = "restart", description = "Restart the rollout's pods (sets the " + Contract.RESTARTED_AT_ANNOTATION + " annotation to now).")
public final class RestartCommand extends ManualAction {
  RestartCommand(Context context) {
    super(context);
  }

  @Override
  String act(Rollouts rollouts, Rollout rollout) {
    String now = DateTimeFormatter.ISO_INSTANT.format(context.now().truncatedTo(ChronoUnit.SECONDS));
    rollouts.patchMetadata(name, Patches.annotation(Contract.RESTARTED_AT_ANNOTATION, now));
    return subject() + " restart requested at " + now;
  }
}
