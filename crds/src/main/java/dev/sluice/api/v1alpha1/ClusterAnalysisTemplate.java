package dev.sluice.api.v1alpha1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An AnalysisTemplate shared by every namespace. */
@Group(Rollout.GROUP)
@Version(Rollout.VERSION)
// Named rather than derived, as Rollout's plural is.
@Plural("clusteranalysistemplates")
@ShortNames("scat")
@Categories("sluice")
public class ClusterAnalysisTemplate extends CustomResource<AnalysisTemplateSpec, AnalysisTemplateStatus> {
}
