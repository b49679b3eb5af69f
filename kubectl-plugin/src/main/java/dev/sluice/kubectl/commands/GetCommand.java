package dev.sluice.kubectl.commands;

import dev.sluice.kubectl.cli.CliException;
import dev.sluice.kubectl.cli.ExitCodes;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `get TYPE NAME`; only rollouts so far. An unknown TYPE is a usage error that names what is supported. */
@Command(name = "get", description = "Show a rollout with its ReplicaSets, pods and analysis.",
    subcommands = GetRolloutCommand.class)
public final class GetCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", hidden = true)
  List<String> unknown;

  @Override
  public Integer call() {
    throw unsupported("get", unknown);
  }

  static CliException unsupported(String command, List<String> words) {
    if (words == null || words.isEmpty()) {
      return new CliException("missing resource type: kubectl sluice " + command + " rollout" + (command.equals("get") ? " NAME" : "s"),
          ExitCodes.USAGE);
    }
    return new CliException("unknown resource type \"" + words.get(0) + "\": kubectl sluice " + command
        + " supports rollout (also: rollouts, ro, sro)", ExitCodes.USAGE);
  }
}
