package dev.sluice.analysis.args;

/** An argument cannot be given a value. The message names the argument and never contains a secret value. */
public final class ArgumentException extends Exception {
  public ArgumentException(String message) {
    super(message);
  }
}
