package dev.sluice.kubectl.commands;

import dev.sluice.kubectl.cli.KubeOptions;
import dev.sluice.kubectl.cli.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command; with no subcommand it prints its help. */
@Command(name = "kubectl sluice", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = "Watch and steer Sluice rollouts. Manual actions patch the Rollout's status (or its annotations), never its spec.",
    subcommands = {GetCommand.class, ListCommand.class, StatusCommand.class, PromoteCommand.class, AbortCommand.class,
        RetryCommand.class, PauseCommand.class, ResumeCommand.class, RestartCommand.class, LintCommand.class,
        ConvertCommand.class, VersionCommand.class, CompletionCommand.class})
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
