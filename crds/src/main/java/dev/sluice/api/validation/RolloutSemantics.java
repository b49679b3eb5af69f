package dev.sluice.api.validation;

import dev.sluice.api.v1alpha1.RolloutSpec;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Rules of a Rollout spec that a CRD schema cannot express and that need no cluster to check. */
public final class RolloutSemantics {
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
      } else if (!matches(spec.selector, labels == null ? Map.of() : labels)) {
        out.add(new Violation("spec.selector", "selector does not match template labels"));
      }
    }
    return out;
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
