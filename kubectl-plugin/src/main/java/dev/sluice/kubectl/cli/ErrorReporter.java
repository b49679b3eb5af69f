package dev.sluice.kubectl.cli;

import dev.sluice.kubectl.kube.KubeErrors;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Prints a failed command's error as one "error: ..." line on stderr and chooses the exit code. */
public final class ErrorReporter implements IExecutionExceptionHandler {
  private final Context context;

  public ErrorReporter(Context context) {
    this.context = context;
  }

  @Override
  public int handleExecutionException(Exception failure, CommandLine command, ParseResult parseResult) {
    return report(failure);
  }

  /** Reports the failure of a command run without picocli ({@code DirectGetRollout}) as picocli's would be. */
  public int report(Exception failure) {
    int code = ExitCodes.FAILED;
    String message;
    if (failure instanceof CliException e) {
      message = e.getMessage();
      code = e.exitCode();
    } else {
      String server = context.server() != null ? context.server() : "the API server";
      message = KubeErrors.describe(failure, server).orElseGet(() -> "internal error: " + failure
          + (debug() ? "" : " (set SLUICE_DEBUG=1 to see where)"));
    }
    context.warn("error: " + message);
    if (debug()) {
      failure.printStackTrace(context.err());
      context.err().flush();
    }
    return code;
  }

  private boolean debug() {
    String value = context.env().get("SLUICE_DEBUG");
    return value != null && !value.isEmpty();
  }
}
