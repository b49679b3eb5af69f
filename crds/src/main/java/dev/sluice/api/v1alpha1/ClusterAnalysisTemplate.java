package dev.sluice.api.v1alpha1;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An AnalysisTemplate shared by every namespace. */
@Group(Rollout.GROUP)
@Version(Rollout.VERSION)
@ShortNames("scat")
@Categories("sluice")
public class ClusterAnalysisTemplate extends CustomResource<AnalysisTemplateSpec, AnalysisTemplateStatus> {
}
