package dev.sluice.analysis.args;

import dev.sluice.api.v1alpha1.AnalysisRunArgument;
import dev.sluice.api.v1alpha1.Argument;
import dev.sluice.api.v1alpha1.ArgumentValueFrom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the arguments of a new analysis run from its templates' declarations and the values the Rollout passes, as
 * Argo Rollouts does when it creates a run:
 *
 * <ul>
 *   <li>a Rollout value (literal, pod template hash or Rollout field) replaces the template's default;</li>
 *   <li>a template {@code valueFrom.fieldRef} is read from the Rollout now and stored as a literal;</li>
 *   <li>a template {@code valueFrom.secretKeyRef} stays a reference: secret values are read at measurement time
 *       ({@link ArgumentResolver}) and never copied into the run;</li>
 *   <li>Rollout arguments the templates do not declare are ignored, like Argo.</li>
 * </ul>
 */
public final class ArgumentMerger {
  private ArgumentMerger() {
  }

  /**
   * Combines the argument declarations of several templates used by one run. The same name may appear in several
   * templates; conflicting default values are an error, and a declaration with a default wins over one without.
   */
  public static List<Argument> flatten(List<List<Argument>> templatesArgs) throws ArgumentException {
    Map<String, Argument> combined = new LinkedHashMap<>();
    for (List<Argument> args : templatesArgs) {
      for (Argument arg : nullToEmpty(args)) {
        Argument previous = combined.get(arg.name);
        if (previous == null || !hasSource(previous)) {
          combined.put(arg.name, arg);
        } else if (previous.value != null && arg.value != null && !previous.value.equals(arg.value)) {
          throw new ArgumentException("argument \"" + arg.name
              + "\" is declared by several templates with different values");
        }
      }
    }
    return List.copyOf(combined.values());
  }

  /** The run's arguments: every template argument, with a value or a secret reference. */
  public static List<Argument> merge(List<Argument> templateArgs, List<AnalysisRunArgument> rolloutArgs,
      RolloutLookup rollout) throws ArgumentException {
    Objects.requireNonNull(rollout, "rollout");
    Map<String, AnalysisRunArgument> passed = new LinkedHashMap<>();
    for (AnalysisRunArgument arg : nullToEmpty(rolloutArgs)) {
      passed.put(arg.name, arg);
    }
    List<Argument> merged = new ArrayList<>();
    for (Argument declared : nullToEmpty(templateArgs)) {
      AnalysisRunArgument given = passed.get(declared.name);
      Argument out = new Argument();
      out.name = declared.name;
      if (given != null && (given.value != null || given.valueFrom != null)) {
        out.value = rolloutValue(given, rollout);
      } else if (declared.valueFrom != null && declared.valueFrom.fieldRef != null) {
        out.value = field(declared.name, declared.valueFrom.fieldRef.getFieldPath(), rollout);
      } else if (declared.valueFrom != null && declared.valueFrom.secretKeyRef != null) {
        Argument.ValueFrom from = new Argument.ValueFrom();
        from.secretKeyRef = declared.valueFrom.secretKeyRef;
        out.valueFrom = from;
      } else if (declared.value != null) {
        out.value = declared.value;
      } else {
        throw new ArgumentException("argument \"" + declared.name
            + "\" has no value: the template gives no default and the rollout does not set it");
      }
      merged.add(out);
    }
    return List.copyOf(merged);
  }

  private static String rolloutValue(AnalysisRunArgument given, RolloutLookup rollout) throws ArgumentException {
    if (given.value != null) {
      return given.value;
    }
    ArgumentValueFrom from = given.valueFrom;
    if (from.podTemplateHashValue != null) {
      return rollout.podTemplateHash(from.podTemplateHashValue).orElseThrow(() -> new ArgumentException(
          "argument \"" + given.name + "\": the rollout has no " + from.podTemplateHashValue + " pod template hash yet"));
    }
    if (from.fieldRef != null) {
      return field(given.name, from.fieldRef.getFieldPath(), rollout);
    }
    throw new ArgumentException("argument \"" + given.name + "\": valueFrom needs podTemplateHashValue or fieldRef");
  }

  private static String field(String argName, String path, RolloutLookup rollout) throws ArgumentException {
    if (path == null || path.isBlank()) {
      throw new ArgumentException("argument \"" + argName + "\": fieldRef needs a fieldPath");
    }
    return rollout.field(path).orElseThrow(() -> new ArgumentException(
        "argument \"" + argName + "\": the rollout has no value at " + path));
  }

  private static boolean hasSource(Argument arg) {
    return arg.value != null || arg.valueFrom != null;
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
