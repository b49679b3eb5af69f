package dev.sluice.operator.rollout;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.validation.RolloutSemantics;
import dev.sluice.api.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the API server cannot check about a Rollout: the rules shared with `kubectl sluice lint`, and that the
 * Services it names exist.
 */
public final class RolloutValidator {
  private RolloutValidator() {
  }

  /** @param existingServices names of the Services in the Rollout's namespace that the Rollout references */
  public static List<Violation> validate(Rollout rollout, Set<String> existingServices) {
    List<Violation> violations = new ArrayList<>(RolloutSemantics.check(rollout.getSpec()));
    ServiceReferences.of(rollout).forEach((field, name) -> {
      if (!existingServices.contains(name)) {
        violations.add(new Violation(field, "Service \"" + name + "\" not found"));
      }
    });
    return violations;
  }
}
