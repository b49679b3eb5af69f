package dev.sluice.kubectl;

import dev.sluice.kubectl.cli.CommandFactory;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.cli.ErrorReporter;
import dev.sluice.kubectl.cli.ExitCodes;
import dev.sluice.kubectl.cli.UsageErrorReporter;
import dev.sluice.kubectl.commands.DirectGetRollout;
import dev.sluice.kubectl.commands.SluiceCommand;
import dev.sluice.kubectl.commands.Subcommands;
import picocli.CommandLine;
import picocli.CommandLine.Help;

/** kubectl-sluice: kubectl runs it as `kubectl sluice ...` when it is on PATH. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) {
    int code;
    try (Context context = Context.system()) {
      code = run(context, args);
    }
    System.exit(code);
  }

  /**
   * Runs one invocation and returns its exit code (see {@link ExitCodes}); the context is not closed. The plain
   * `get rollout NAME` runs without picocli ({@link DirectGetRollout}).
   */
  public static int run(Context context, String... args) {
    return DirectGetRollout.run(context, args).orElseGet(() -> commandLine(context, args).execute(args));
  }

  /** The whole command line, every command. */
  public static CommandLine commandLine(Context context) {
    return commandLine(context, new String[0]);
  }

  /** The command line for these arguments: the root and the commands they need (see {@link Subcommands}). */
  public static CommandLine commandLine(Context context, String... args) {
    CommandFactory factory = new CommandFactory(context);
    CommandLine commandLine = new CommandLine(SluiceCommand.class, factory);
    for (Class<?> subcommand : Subcommands.needed(commandLine.getCommandSpec(), args)) {
      commandLine.addSubcommand(new CommandLine(subcommand, factory));
    }
    commandLine.setOut(context.out());
    commandLine.setErr(context.err());
    commandLine.setColorScheme(Help.defaultColorScheme(context.style().enabled() ? Help.Ansi.ON : Help.Ansi.OFF));
    commandLine.setExecutionExceptionHandler(new ErrorReporter(context));
    commandLine.setParameterExceptionHandler(new UsageErrorReporter());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.setUsageHelpAutoWidth(true);
    helpOnEveryCommand(commandLine);
    return commandLine;
  }

  /**
   * -h/--help (and -V/--version) on every subcommand, at any depth, not only on the root: picocli then prints the
   * command's help and exits 0 before it checks required options and parameters (`lint --help` without -f).
   */
  private static void helpOnEveryCommand(CommandLine command) {
    command.getCommandSpec().mixinStandardHelpOptions(true);
    command.getSubcommands().values().forEach(Main::helpOnEveryCommand);
  }
}
