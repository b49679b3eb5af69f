package dev.sluice.kubectl.commands;

import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * `completion bash|zsh`: a completion script for kubectl-sluice. picocli's script serves both shells: in zsh it loads
 * bashcompinit itself.
 */
@Command(name = "completion", description = "Print a shell completion script for kubectl-sluice (bash or zsh).")
public final class CompletionCommand implements Callable<Integer> {
  static final String EXECUTABLE = "kubectl-sluice";

  public enum Shell { bash, zsh }

  private final Context context;
  @Spec
  CommandSpec spec;
  /** Checked by picocli; both shells get the same script. */
  @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  CompletionCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.print(AutoComplete.bash(EXECUTABLE, spec.root().commandLine()));
    return ExitCodes.OK;
  }
}
