package dev.sluice.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A pod template released gradually by a canary or blue-green strategy. */
@Group(Rollout.GROUP)
@Version(Rollout.VERSION)
// Named rather than derived: without it fabric8 runs its pluralizing regular expressions in every constructor, and
// the controller constructs one for each cached copy, watch event and API answer.
@Plural("rollouts")
@ShortNames("sro")
@Categories("sluice")
@AdditionalPrinterColumn(name = "Desired", type = Type.INTEGER, jsonPath = ".spec.replicas")
@AdditionalPrinterColumn(name = "Current", type = Type.INTEGER, jsonPath = ".status.replicas")
@AdditionalPrinterColumn(name = "Up-to-date", type = Type.INTEGER, jsonPath = ".status.updatedReplicas")
@AdditionalPrinterColumn(name = "Available", type = Type.INTEGER, jsonPath = ".status.availableReplicas")
@AdditionalPrinterColumn(name = "Phase", type = Type.STRING, jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Step", type = Type.INTEGER, jsonPath = ".status.currentStepIndex")
@AdditionalPrinterColumn(name = "Weight", type = Type.INTEGER, jsonPath = ".status.canary.weights.canary.weight")
@AdditionalPrinterColumn(name = "Age", type = Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class Rollout extends CustomResource<RolloutSpec, RolloutStatus> implements Namespaced {
  public static final String GROUP = "sluice.dev";
  public static final String VERSION = "v1alpha1";
}
