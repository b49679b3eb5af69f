package dev.sluice.analysis.provider;

import dev.sluice.analysis.args.ArgTemplate;
import dev.sluice.api.v1alpha1.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Collects the problems of one metric's provider spec, each one line naming the metric and the field, for
 * {@code InvalidSpec}.
 */
public final class SpecProblems {
  private final String at;
  private final Set<String> argNames;
  private final List<String> problems;
  private final FieldArgs fieldArgs;

  /**
   * A field's text with the run's plain arguments placed: empty when a template's values are not known yet, or when a
   * reference cannot be placed (then reported).
   */
  @FunctionalInterface
  public interface FieldArgs {
    Optional<String> placed(String field, String text);
  }

  /**
   * @param at prefix naming the metric, e.g. {@code metric "error-rate": }
   * @param argNames the arguments the spec may use; null to skip that check (a run's arguments are checked then)
   * @param fieldArgs places arguments in fields a provider parses up front (a range query's start, say)
   */
  public SpecProblems(String at, Set<String> argNames, List<String> problems, FieldArgs fieldArgs) {
    this.at = at;
    this.argNames = argNames;
    this.problems = problems;
    this.fieldArgs = fieldArgs;
  }

  /** Without argument values: a field with references is only checked for undeclared ones. */
  public SpecProblems(String at, Set<String> argNames, List<String> problems) {
    this(at, argNames, problems, null);
  }

  /** {@code text} ready to parse, or empty when that has to wait for the run's values (see {@link FieldArgs}). */
  public Optional<String> placed(String field, String text) {
    if (text == null) {
      return Optional.empty();
    }
    if (fieldArgs != null) {
      return fieldArgs.placed(field, text);
    }
    if (ArgTemplate.references(text).isEmpty()) {
      return Optional.of(text);
    }
    declaredArgs(field, text);
    return Optional.empty();
  }

  public void add(String problem) {
    problems.add(at + problem);
  }

  /** Reports each {@code {{args.NAME}}} in {@code text} whose argument is not declared. */
  public void declaredArgs(String field, String text) {
    if (argNames == null || text == null) {
      return;
    }
    for (String arg : ArgTemplate.references(text)) {
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
