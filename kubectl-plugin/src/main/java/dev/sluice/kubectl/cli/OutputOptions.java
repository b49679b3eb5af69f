package dev.sluice.kubectl.cli;

import picocli.CommandLine.Option;

/** -o/--output for the commands that show state. */
public final class OutputOptions {
  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
      description = "Output format: text (default), json or yaml.")
  public OutputFormat format = OutputFormat.text;
}
