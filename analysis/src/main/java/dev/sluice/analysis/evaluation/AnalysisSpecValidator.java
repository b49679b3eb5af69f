package dev.sluice.analysis.evaluation;

import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.provider.Providers;
import dev.sluice.api.v1alpha1.AnalysisRunSpec;
import dev.sluice.api.v1alpha1.AnalysisTemplateSpec;
import java.util.List;

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

  /**
   * A template: {@code {{args.NAME}}} in count, limits and durations must name a declared argument. A template that
   * references others is checked as far as its own part goes (the referenced ones, whose args its metrics may use, may not be at
   * hand, as in lint);
   * {@link #validateComposed} checks the whole.
   */
  public List<String> validate(AnalysisTemplateSpec spec) {
    boolean partial = spec.templates != null && !spec.templates.isEmpty();
    return problems(() -> AnalysisPlan.build(spec.metrics, partial ? PlanArgs.UNCHECKED
        : PlanArgs.declared(spec.args), spec.dryRun, spec.measurementRetention, conditions, providers, partial));
  }

  /** A template together with every template it references, merged into one (metrics, args, rules). */
  public List<String> validateComposed(AnalysisTemplateSpec merged) {
    return problems(() -> AnalysisPlan.build(merged.metrics, PlanArgs.declared(merged.args), merged.dryRun,
        merged.measurementRetention, conditions, providers, false));
  }

  /** A run: {@code {{args.NAME}}} in count, limits and durations is replaced by its value, which must then parse. */
  public List<String> validate(AnalysisRunSpec spec) {
    return problems(() -> AnalysisPlan.build(spec.metrics, PlanArgs.withValues(spec.args), spec.dryRun,
        spec.measurementRetention, conditions, providers));
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
