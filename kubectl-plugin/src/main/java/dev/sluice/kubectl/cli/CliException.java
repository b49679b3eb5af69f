package dev.sluice.kubectl.cli;

/** A failure the user should read: its message is printed as "error: MESSAGE" and the process exits with its code. */
public class CliException extends RuntimeException {
  private final int exitCode;

  public CliException(String message) {
    this(message, ExitCodes.FAILED);
  }

  public CliException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  public int exitCode() {
    return exitCode;
  }
}
