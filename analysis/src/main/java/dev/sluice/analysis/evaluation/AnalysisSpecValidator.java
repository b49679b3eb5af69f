package dev.sluice.analysis.evaluation;

import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.Providers;
import dev.sluice.api.v1alpha1.AnalysisRunSpec;
import dev.sluice.api.v1alpha1.AnalysisTemplateSpec;
import dev.sluice.api.v1alpha1.Argument;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks an analysis template or run up front (conditions compile, durations parse, limits, selectors, arguments the
 * queries use are declared), so a reconciler can mark it InvalidSpec before any measurement. Each problem is one line
 * naming the metric and the field.
 */
public final class AnalysisSpecValidator {
  private final ConditionCompiler conditions;
  private final Providers providers;

  public AnalysisSpecValidator(ConditionCompiler conditions, Providers providers) {
    this.conditions = conditions;
    this.providers = providers;
  }

  public AnalysisSpecValidator(ConditionCompiler conditions) {
    this(conditions, Providers.forChecks());
  }

  public List<String> validate(AnalysisTemplateSpec spec) {
    return problems(() -> AnalysisPlan.build(spec.metrics, argNames(spec.args), spec.dryRun,
        spec.measurementRetention, conditions, providers));
  }

  public List<String> validate(AnalysisRunSpec spec) {
    return problems(() -> AnalysisPlan.build(spec.metrics, argNames(spec.args), spec.dryRun,
        spec.measurementRetention, conditions, providers));
  }

  private static Set<String> argNames(List<Argument> args) {
    return args == null ? Set.of() : args.stream().map(a -> a.name).collect(Collectors.toSet());
  }

  private interface PlanBuild {
    AnalysisPlan build() throws AnalysisPlan.InvalidSpecException;
  }

  private static List<String> problems(PlanBuild build) {
    try {
      build.build();
      return List.of();
    } catch (AnalysisPlan.InvalidSpecException e) {
      return e.problems();
    }
  }
}
