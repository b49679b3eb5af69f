package dev.sluice.kubectl.commands;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The root's subcommands, and which of them an invocation needs. picocli builds the model of a command by reflection
 * on its annotations (~10-20 ms of a CLI's start each, interpreted): an invocation that names its command gets only
 * that one; help, completion, an unknown word or anything not understood here get all of them, so their output and
 * suggestions are unchanged.
 */
public final class Subcommands {
  /** In the order the root's help lists them. */
  public static final List<Class<?>> ALL = List.of(GetCommand.class, ListCommand.class, StatusCommand.class,
      PromoteCommand.class, AbortCommand.class, RetryCommand.class, PauseCommand.class, ResumeCommand.class,
      RestartCommand.class, LintCommand.class, ConvertCommand.class, VersionCommand.class, CompletionCommand.class);

  private Subcommands() {
  }

  /** What to register on a root of this spec (its own options only) for these arguments. */
  public static List<Class<?>> needed(CommandSpec root, String... args) {
    return named(root, args).filter(c -> c != CompletionCommand.class).map(List::<Class<?>>of).orElse(ALL);
  }

  /** The subcommand the first word after the root's options names; empty when there is none or it is unclear. */
  static Optional<Class<?>> named(CommandSpec root, String... args) {
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("@") || arg.equals("--")) {
        return Optional.empty(); // an argument file or an explicit end of options: leave it to picocli
      }
      if (!arg.startsWith("-")) {
        return ALL.stream().filter(c -> names(c).contains(arg)).findFirst();
      }
      OptionSpec option = root.findOption(arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg);
      if (option == null || option.usageHelp() || option.versionHelp()) {
        return Optional.empty(); // help, a typo, -nprod: picocli answers it with every command known
      }
      if (!arg.contains("=") && option.arity().max() > 0) {
        i++; // its value
      }
    }
    return Optional.empty();
  }

  private static List<String> names(Class<?> command) {
    Command annotation = command.getAnnotation(Command.class);
    return annotation == null ? List.of()
        : Stream.concat(Stream.of(annotation.name()), Stream.of(annotation.aliases())).toList();
  }
}
