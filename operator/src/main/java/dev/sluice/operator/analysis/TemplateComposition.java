package dev.sluice.operator.analysis;

import dev.sluice.api.v1alpha1.AnalysisTemplateRef;
import dev.sluice.api.v1alpha1.AnalysisTemplateSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Resolves templates that reference other templates (Argo Rollouts' AnalysisTemplate {@code spec.templates}) into the
 * flat list of templates a run is built from: each template, then the ones it references, depth first. Refuses a
 * cycle (Argo would recurse without end) and a missing template, each with a message that names the chain.
 */
public final class TemplateComposition {
  /** Deeper nesting than this is surely a mistake; it also bounds the work a single run's creation can cause. */
  static final int MAX_TEMPLATES = 50;

  private TemplateComposition() {
  }

  /** One resolved template and how it was reached, for messages. */
  public record Resolved(String name, AnalysisTemplateSpec spec) {
  }

  /** A reason (for a condition or Event) and a message. */
  public static final class CompositionException extends Exception {
    public final String reason;

    CompositionException(String reason, String message) {
      super(message);
      this.reason = reason;
    }
  }

  /** @param lookup the template a reference names, or null when there is none */
  public static List<Resolved> flatten(List<AnalysisTemplateRef> refs, Function<AnalysisTemplateRef, AnalysisTemplateSpec> lookup)
      throws CompositionException {
    List<Resolved> out = new ArrayList<>();
    for (AnalysisTemplateRef ref : refs == null ? List.<AnalysisTemplateRef>of() : refs) {
      visit(ref, lookup, new ArrayList<>(), out);
    }
    return out;
  }

  /** The templates {@code root} references, after root itself; {@code rootName} as {@link #name} writes it. */
  public static List<Resolved> flatten(String rootName, AnalysisTemplateSpec root,
      Function<AnalysisTemplateRef, AnalysisTemplateSpec> lookup) throws CompositionException {
    List<Resolved> out = new ArrayList<>();
    out.add(new Resolved(rootName, root));
    List<String> path = new ArrayList<>(List.of(rootName));
    for (AnalysisTemplateRef ref : root.templates == null ? List.<AnalysisTemplateRef>of() : root.templates) {
      visit(ref, lookup, path, out);
    }
    return out;
  }

  public static String name(AnalysisTemplateRef ref) {
    return (Boolean.TRUE.equals(ref.clusterScope) ? "ClusterAnalysisTemplate \"" : "AnalysisTemplate \"") + ref.templateName + "\"";
  }

  private static void visit(AnalysisTemplateRef ref, Function<AnalysisTemplateRef, AnalysisTemplateSpec> lookup,
      List<String> path, List<Resolved> out) throws CompositionException {
    String name = name(ref);
    if (path.contains(name)) {
      throw new CompositionException("AnalysisTemplateCycle", "templates reference each other in a cycle: "
          + String.join(" -> ", path) + " -> " + name);
    }
    if (out.size() >= MAX_TEMPLATES) {
      throw new CompositionException("AnalysisTemplateCycle", "more than " + MAX_TEMPLATES + " templates in one analysis");
    }
    AnalysisTemplateSpec spec = lookup.apply(ref);
    if (spec == null) {
      throw new CompositionException("AnalysisTemplateNotFound", name + " not found"
          + (path.isEmpty() ? "" : " (referenced by " + path.get(path.size() - 1) + ")"));
    }
    out.add(new Resolved(name, spec));
    path.add(name);
    for (AnalysisTemplateRef inner : spec.templates == null ? List.<AnalysisTemplateRef>of() : spec.templates) {
      visit(inner, lookup, path, out);
    }
    path.remove(path.size() - 1);
  }

  /**
   * The merged template: every metric, argument list, dryRun and measurementRetention rule of the resolved templates.
   * A metric name defined by two templates is refused (Argo does too), naming both.
   */
  public static AnalysisTemplateSpec merge(List<Resolved> resolved) throws CompositionException {
    AnalysisTemplateSpec merged = new AnalysisTemplateSpec();
    merged.metrics = new ArrayList<>();
    List<List<dev.sluice.api.v1alpha1.Argument>> args = new ArrayList<>();
    merged.dryRun = new ArrayList<>();
    merged.measurementRetention = new ArrayList<>();
    java.util.Map<String, String> definedBy = new java.util.HashMap<>();
    for (Resolved template : resolved) {
      AnalysisTemplateSpec spec = template.spec();
      for (var metric : spec.metrics == null ? List.<dev.sluice.api.v1alpha1.Metric>of() : spec.metrics) {
        String first = definedBy.putIfAbsent(metric.name, template.name());
        if (first != null) {
          throw new CompositionException("AnalysisSpecError", "metric \"" + metric.name + "\" is defined by both "
              + first + " and " + template.name() + "; metric names must be unique across composed templates");
        }
        merged.metrics.add(metric);
      }
      args.add(spec.args == null ? List.of() : spec.args);
      if (spec.dryRun != null) {
        merged.dryRun.addAll(spec.dryRun);
      }
      if (spec.measurementRetention != null) {
        merged.measurementRetention.addAll(spec.measurementRetention);
      }
    }
    try {
      // The same argument in several templates is one argument, as in Argo; two different values for it are refused.
      merged.args = new ArrayList<>(dev.sluice.analysis.args.ArgumentMerger.flatten(args));
    } catch (dev.sluice.analysis.args.ArgumentException e) {
      throw new CompositionException("AnalysisArgumentError", e.getMessage());
    }
    return merged;
  }
}
