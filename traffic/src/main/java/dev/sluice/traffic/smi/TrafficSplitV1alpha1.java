package dev.sluice.traffic.smi;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

/** An SMI TrafficSplit as split.smi-spec.io/v1alpha1 serves it. */
@Group(TrafficSplits.GROUP)
@Version("v1alpha1")
@Kind("TrafficSplit")
public class TrafficSplitV1alpha1 extends CustomResource<TrafficSplitSpec, Void> implements Namespaced {
}
