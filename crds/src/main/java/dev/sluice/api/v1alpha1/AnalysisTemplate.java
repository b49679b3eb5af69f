package dev.sluice.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Metrics and their success/failure conditions, instantiated as an AnalysisRun by a rollout. */
@Group(Rollout.GROUP)
@Version(Rollout.VERSION)
// Named rather than derived, as Rollout's plural is.
@Plural("analysistemplates")
@ShortNames("sat")
@Categories("sluice")
public class AnalysisTemplate extends CustomResource<AnalysisTemplateSpec, AnalysisTemplateStatus> implements Namespaced {
}
