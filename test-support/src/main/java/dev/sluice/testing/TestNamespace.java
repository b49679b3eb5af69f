package dev.sluice.testing;

/** The namespace a test owns: created before it, deleted after it. */
public record TestNamespace(String name) {
  @Override
  public String toString() {
    return name;
  }
}
