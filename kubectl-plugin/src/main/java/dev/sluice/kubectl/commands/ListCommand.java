package dev.sluice.kubectl.commands;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** `list TYPE`; only rollouts so far. */
@Command(name = "list", aliases = "ls", description = "List rollouts.", subcommands = ListRolloutsCommand.class)
public final class ListCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", hidden = true)
  List<String> unknown;

  @Override
  public Integer call() {
    throw GetCommand.unsupported("list", unknown);
  }
}
