package dev.sluice.kubectl.commands;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.cli.DurationConverter;
import dev.sluice.kubectl.kube.Contract;
import dev.sluice.kubectl.kube.Patches;
import dev.sluice.kubectl.kube.Rollouts;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `restart NAME [--in DURATION]`: the sluice.dev/restartedAt annotation; the controller restarts pods created before
 * that time. Argo's plugin sets spec.restartAt instead, which the controller also honours; the annotation leaves the
 * spec to Git (docs/manual-control.md).
 */
@Command(name = "restart", description = "Restart the rollout's pods (sets the " + Contract.RESTARTED_AT_ANNOTATION
    + " annotation to now, or to --in from now).")
public final class RestartCommand extends ManualAction {
  @Option(names = {"-i", "--in"}, paramLabel = "DURATION", defaultValue = "0", converter = DurationConverter.class,
      description = "Restart this long from now (e.g. 30s, 5m, 1h), as Argo's `restart --in`.")
  Duration in;

  RestartCommand(Context context) {
    super(context);
  }

  @Override
  String act(Rollouts rollouts, Rollout rollout) {
    String at = DateTimeFormatter.ISO_INSTANT.format(context.now().plus(in).truncatedTo(ChronoUnit.SECONDS));
    rollouts.patchMetadata(name, Patches.annotation(Contract.RESTARTED_AT_ANNOTATION, at));
    return subject() + " restart requested at " + at;
  }
}
