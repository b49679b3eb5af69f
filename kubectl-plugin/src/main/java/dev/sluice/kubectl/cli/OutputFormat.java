package dev.sluice.kubectl.cli;

/** -o: the human view (tables, tree) or a machine-readable document. */
public enum OutputFormat {
  text, json, yaml;

  public boolean structured() {
    return this != text;
  }
}
