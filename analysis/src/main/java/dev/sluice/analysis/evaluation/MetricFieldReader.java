package dev.sluice.analysis.evaluation;

import dev.sluice.analysis.args.ArgTemplate;
import dev.sluice.analysis.args.ArgumentException;
import dev.sluice.analysis.prometheus.RangeTimes;
import dev.sluice.api.v1alpha1.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a metric's int-or-string and duration fields (count, limits, interval, initialDelay), which may hold
 * {@code {{args.NAME}}} as in Argo Rollouts. For a run the references are replaced by the run's arguments and the
 * result is parsed; for a template (values not known yet) only the references are checked. Every problem is recorded
 * as one line naming the metric, the field and, for a substituted value, the argument it came from.
 */
final class MetricFieldReader {
  /** A field's value: absent (use the default), known, or not known yet (a template's reference). */
  record Read<T>(T value, boolean deferred) {
    static <T> Read<T> absent() {
      return new Read<>(null, false);
    }

    static <T> Read<T> later() {
      return new Read<>(null, true);
    }

    T orElse(T fallback) {
      return value == null ? fallback : value;
    }
  }

  private final String at;
  private final PlanArgs args;
  private final List<String> problems;

  MetricFieldReader(String at, PlanArgs args, List<String> problems) {
    this.at = at;
    this.args = args;
    this.problems = problems;
  }

  Read<Duration> duration(String field, String text) {
    return read(field, text, value -> {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(field + ": " + e.getMessage());
      }
    });
  }

  /** A range query's start or end as an offset from now ({@link RangeTimes}). */
  Read<Duration> rangeOffset(String field, String text) {
    // RangeTimes names the field from "rangeQuery." on.
    return read(field, text, value -> {
      try {
        return RangeTimes.offset(field.substring(field.lastIndexOf('.') + 1), value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("prometheus." + e.getMessage());
      }
    });
  }

  /**
   * {@code text} with the run's plain arguments placed, for a provider's own checks: empty when it has references a
   * template cannot place yet, or references that cannot be placed (then reported).
   */
  java.util.Optional<String> placed(String field, String text) {
    if (text == null) {
      return java.util.Optional.empty();
    }
    Resolved value = resolve(field, text);
    return value == null || value.later() ? java.util.Optional.empty() : java.util.Optional.of(value.text());
  }

  /**
   * A text field (a condition, an address) with its references replaced. For a template, whose values come later,
   * each reference becomes {@code 0} so that the rest can be checked now (arguments there are thresholds and ports).
   * Null when a reference cannot be replaced (the problem is recorded).
   */
  String text(String field, String text) {
    Resolved value = resolve(field, text);
    if (value == null) {
      return null;
    }
    if (!value.later()) {
      return value.text();
    }
    java.util.Map<String, String> placeholders = new java.util.HashMap<>();
    ArgTemplate.references(text).forEach(name -> placeholders.put(name, "0"));
    try {
      return ArgTemplate.substitute(text, placeholders);
    } catch (ArgumentException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A whole number of at least {@code min} (-1 or 0). */
  Read<Integer> integer(String field, String text, int min) {
    return read(field, text, value -> {
      int parsed;
      try {
        parsed = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(field + ": \"" + value.trim() + "\" is not a whole number");
      }
      if (parsed < min) {
        throw new IllegalArgumentException(field + (min == 0 ? " must not be negative" : " must be " + min + " or more"));
      }
      return parsed;
    });
  }

  /**
   * Reads a field: absent when null, later when it waits for a run's arguments, else its resolved text parsed by
   * {@code parse}, whose IllegalArgumentException message (naming the field) becomes the problem, with the template
   * the value came from.
   */
  private <T> Read<T> read(String field, String text, Function<String, T> parse) {
    if (text == null) {
      return Read.absent();
    }
    Resolved value = resolve(field, text);
    if (value == null || value.later()) {
      return value == null ? Read.absent() : Read.later();
    }
    try {
      return new Read<>(parse.apply(value.text()), false);
    } catch (IllegalArgumentException e) {
      problems.add(at + e.getMessage() + origin(text));
      return Read.absent();
    }
  }

  /** A field's text with its references replaced, or {@code later} when they can only be replaced in a run. */
  private record Resolved(String text, boolean later) {
  }

  /** Null when a reference cannot be replaced (the problem is recorded). */
  private Resolved resolve(String field, String text) {
    Set<String> references = ArgTemplate.references(text);
    if (references.isEmpty()) {
      return new Resolved(text, false);
    }
    int before = problems.size();
    if (args.names() != null) {
      for (String name : references) {
        if (!args.names().contains(name)) {
          problems.add(at + field + " uses {{args." + name + "}}, but no argument \"" + name + "\" is declared");
        } else if (args.values() != null && !args.values().containsKey(name)) {
          problems.add(at + field + " uses {{args." + name + "}}, which has no plain value (a value from a Secret"
              + " is not used in conditions, counts, limits or durations)");
        }
      }
    }
    if (problems.size() > before) {
      return null;
    }
    if (args.values() == null) {
      return new Resolved(null, true);
    }
    try {
      return new Resolved(ArgTemplate.substitute(text, args.values()), false);
    } catch (ArgumentException e) {
      problems.add(at + field + ": " + e.getMessage());
      return null;
    }
  }

  private static String origin(String text) {
    return ArgTemplate.references(text).isEmpty() ? "" : " (from " + text + ")";
  }
}
