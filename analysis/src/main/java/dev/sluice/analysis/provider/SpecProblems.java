package dev.sluice.analysis.provider;

import dev.sluice.analysis.args.Placeholders;
import dev.sluice.api.v1alpha1.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Collects the problems of one metric's provider spec, each one line naming the metric and the field, for
 * {@code InvalidSpec}.
 */
public final class SpecProblems {
  private final String at;
  private final Set<String> argNames;
  private final List<String> problems;

  /**
   * @param at prefix naming the metric, e.g. {@code metric "error-rate": }
   * @param argNames the arguments the spec may use; null to skip that check (a run's arguments are checked then)
   */
  public SpecProblems(String at, Set<String> argNames, List<String> problems) {
    this.at = at;
    this.argNames = argNames;
    this.problems = problems;
  }

  public void add(String problem) {
    problems.add(at + problem);
  }

  /** Reports each {@code {{args.NAME}}} in {@code text} whose argument is not declared. */
  public void declaredArgs(String field, String text) {
    if (argNames == null || text == null) {
      return;
    }
    for (String arg : Placeholders.referencedArgs(text)) {
      if (!argNames.contains(arg)) {
        add(field + " uses {{args." + arg + "}}, but no argument \"" + arg + "\" is declared");
      }
    }
  }

  /** The duration in {@code text}, or null when absent or unusable (then reported). */
  public Duration duration(String field, String text) {
    if (text == null) {
      return null;
    }
    try {
      Duration duration = Durations.parse(text);
      if (duration.isZero()) {
        add(field + " must be positive");
      }
      return duration;
    } catch (IllegalArgumentException e) {
      add(field + ": " + e.getMessage());
      return null;
    }
  }
}
