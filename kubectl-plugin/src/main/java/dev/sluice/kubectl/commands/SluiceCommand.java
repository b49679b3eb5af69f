package dev.sluice.kubectl.commands;

import dev.sluice.kubectl.cli.KubeOptions;
import dev.sluice.kubectl.cli.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command; with no subcommand it prints its help. Its subcommands are {@link Subcommands}, added by Main. */
@Command(name = "kubectl sluice", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Watch and steer Sluice rollouts. Manual actions patch the Rollout's status (or its annotations), never its spec.")
public final class SluiceCommand implements Runnable {
  @Mixin
  KubeOptions kube;
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
