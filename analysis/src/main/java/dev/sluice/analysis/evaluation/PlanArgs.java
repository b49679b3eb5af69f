package dev.sluice.analysis.evaluation;

import dev.sluice.api.v1alpha1.Argument;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The arguments a plan may refer to: the declared names (null: do not check references), and their plain values when
 * they are known (a run; null for a template, whose arguments get their values only when a run is created). Values
 * from Secrets are never among them: count, limits and durations take plain values.
 */
record PlanArgs(Set<String> names, Map<String, String> values) {
  static final PlanArgs UNCHECKED = new PlanArgs(null, null);

  static PlanArgs declared(List<Argument> args) {
    return new PlanArgs(names(args), null);
  }

  static PlanArgs withValues(List<Argument> args) {
    Map<String, String> values = new HashMap<>();
    for (Argument arg : args == null ? List.<Argument>of() : args) {
      if (arg.name != null && arg.value != null) {
        values.put(arg.name, arg.value);
      }
    }
    return new PlanArgs(names(args), values);
  }

  private static Set<String> names(List<Argument> args) {
    return args == null ? Set.of() : args.stream().map(a -> a.name).collect(Collectors.toSet());
  }
}
