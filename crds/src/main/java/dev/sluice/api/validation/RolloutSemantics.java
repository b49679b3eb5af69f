package dev.sluice.api.validation;

import dev.sluice.api.v1alpha1.CanaryStep;
import dev.sluice.api.v1alpha1.RolloutSpec;
import dev.sluice.api.v1alpha1.SetMirrorRoute;
import dev.sluice.api.v1alpha1.StringMatch;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rules of a Rollout spec that a CRD schema cannot express and that need no cluster to check. */
public final class RolloutSemantics {
  static final int MAX_MIRROR_HEADERS = 16;

  private RolloutSemantics() {
  }

  public static List<Violation> check(RolloutSpec spec) {
    List<Violation> out = new ArrayList<>();
    if (spec == null) {
      out.add(new Violation("spec", "Required value"));
      return out;
    }
    Map<String, String> labels = spec.template == null || spec.template.getMetadata() == null
        ? Map.of() : spec.template.getMetadata().getLabels();
    if (spec.selector != null) {
      if (isEmpty(spec.selector)) {
        out.add(new Violation("spec.selector", "empty selector would select every pod in the namespace"));
      } else if (spec.template != null && !matches(spec.selector, labels == null ? Map.of() : labels)) {
        // Without a template (workloadRef) the controller checks the Deployment's template when it resolves it.
        out.add(new Violation("spec.selector", "selector does not match template labels"));
      }
    }
    checkMirrorHeaders(spec, out);
    return out;
  }

  private static void checkMirrorHeaders(RolloutSpec spec, List<Violation> out) {
    if (spec.strategy == null || spec.strategy.canary == null || spec.strategy.canary.steps == null) {
      return;
    }
    List<CanaryStep> steps = spec.strategy.canary.steps;
    for (int i = 0; i < steps.size(); i++) {
      SetMirrorRoute mirror = steps.get(i).setMirrorRoute;
      if (mirror == null || mirror.match == null) {
        continue;
      }
      for (int m = 0; m < mirror.match.size(); m++) {
        Map<String, StringMatch> headers = mirror.match.get(m).headers;
        if (headers == null) {
          continue;
        }
        if (headers.size() > MAX_MIRROR_HEADERS) {
          out.add(new Violation(mirrorPath(i, m), "must have at most " + MAX_MIRROR_HEADERS + " headers"));
        }
        for (Map.Entry<String, StringMatch> header : headers.entrySet()) {
          if (header.getValue() == null || !header.getValue().hasExactlyOne()) {
            out.add(new Violation(mirrorPath(i, m) + "[" + header.getKey() + "]", StringMatch.ONE_OF));
          }
        }
      }
    }
  }

  private static String mirrorPath(int step, int match) {
    return "spec.strategy.canary.steps[" + step + "].setMirrorRoute.match[" + match + "].headers";
  }

  private static boolean isEmpty(LabelSelector selector) {
    return (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
        && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
  }

  /** Label selector semantics of Kubernetes (matchLabels AND every matchExpression). */
  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String value = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok = switch (r.getOperator()) {
          case "In" -> value != null && values.contains(value);
          case "NotIn" -> value == null || !values.contains(value);
          case "Exists" -> labels.containsKey(r.getKey());
          case "DoesNotExist" -> !labels.containsKey(r.getKey());
          default -> false;
        };
        if (!ok) {
          return false;
        }
      }
    }
    return true;
  }
}
