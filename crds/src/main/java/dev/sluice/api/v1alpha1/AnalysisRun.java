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

/** One execution of analysis templates, with every measurement it took. */
@Group(Rollout.GROUP)
@Version(Rollout.VERSION)
// Named rather than derived, as Rollout's plural is.
@Plural("analysisruns")
@ShortNames("sar")
@Categories("sluice")
@AdditionalPrinterColumn(name = "Phase", type = Type.STRING, jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Message", type = Type.STRING, jsonPath = ".status.message", priority = 1)
@AdditionalPrinterColumn(name = "Age", type = Type.DATE, jsonPath = ".metadata.creationTimestamp")
public class AnalysisRun extends CustomResource<AnalysisRunSpec, AnalysisRunStatus> implements Namespaced {
}
