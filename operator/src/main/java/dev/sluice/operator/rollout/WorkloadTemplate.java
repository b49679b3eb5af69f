package dev.sluice.operator.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.WorkloadRef;
import dev.sluice.api.validation.Violation;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.Collection;
import java.util.Optional;

/**
 * workloadRef, as Argo Rollouts resolves it: the controller runs the Rollout with the referenced Deployment's pod
 * template, and its selector when the Rollout has none, in a copy of the spec; the stored Rollout is never changed.
 * A change of the Deployment's template is therefore a new hash, a new revision.
 */
final class WorkloadTemplate {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WorkloadTemplate() {
  }

  /** The "namespace/name" of the Deployment a Rollout references, for the informer's index; empty without one. */
  static Optional<String> key(Rollout rollout) {
    WorkloadRef ref = rollout.getSpec() == null ? null : rollout.getSpec().workloadRef;
    return ref == null || ref.name == null ? Optional.empty()
        : Optional.of(rollout.getMetadata().getNamespace() + "/" + ref.name);
  }

  /** The referenced Deployment among the cached ones; empty without workloadRef or when it does not exist. */
  static Optional<Deployment> referenced(Rollout rollout, Collection<Deployment> deployments) {
    WorkloadRef ref = rollout.getSpec().workloadRef;
    if (ref == null) {
      return Optional.empty();
    }
    return deployments.stream().filter(d -> ref.name.equals(d.getMetadata().getName())
        && rollout.getMetadata().getNamespace().equals(d.getMetadata().getNamespace())).findFirst();
  }

  /** Why a Rollout's workloadRef cannot be resolved; empty when it has none or it resolves. */
  static Optional<Violation> problem(Rollout rollout, Optional<Deployment> deployment) {
    WorkloadRef ref = rollout.getSpec().workloadRef;
    if (ref == null) {
      return Optional.empty();
    }
    if (deployment.isEmpty()) {
      return Optional.of(new Violation("spec.workloadRef", "Deployment \"" + ref.name + "\" not found"));
    }
    if (deployment.get().getSpec() == null || deployment.get().getSpec().getTemplate() == null) {
      return Optional.of(new Violation("spec.workloadRef", "Deployment \"" + ref.name + "\" has no pod template"));
    }
    return Optional.empty();
  }

  /**
   * The Rollout as the controller runs it: with workloadRef, a copy whose spec holds the Deployment's pod template
   * and, unless the Rollout sets one, its selector; without, the Rollout itself.
   */
  static Rollout resolve(Rollout rollout, Optional<Deployment> deployment) {
    if (rollout.getSpec().workloadRef == null || deployment.isEmpty()) {
      return rollout;
    }
    Rollout copy = JSON.convertValue(rollout, Rollout.class);
    var spec = deployment.get().getSpec();
    copy.getSpec().template = JSON.convertValue(spec.getTemplate(), spec.getTemplate().getClass());
    if (copy.getSpec().selector == null && spec.getSelector() != null) {
      copy.getSpec().selector = JSON.convertValue(spec.getSelector(), spec.getSelector().getClass());
    }
    return copy;
  }
}
