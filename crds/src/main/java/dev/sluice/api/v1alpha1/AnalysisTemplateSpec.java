package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.metrics) || has(self.templates)",
    message = "metrics, or templates to take them from, are required", fieldPath = ".metrics", reason = "FieldValueRequired")
@ValidationRule(value = "!has(self.metrics) || self.metrics.all(m, self.metrics.filter(o, o.name == m.name).size() == 1)",
    message = "metric names must be unique", fieldPath = ".metrics")
@ValidationRule(value = "!has(self.args) || self.args.all(a, self.args.filter(o, o.name == a.name).size() == 1)",
    message = "argument names must be unique", fieldPath = ".args")
public class AnalysisTemplateSpec {
  @Size(min = 1, max = 20)
  @JsonPropertyDescription("The metrics measured; may be left out when templates supply them.")
  public List<Metric> metrics;

  @Size(max = 20)
  @JsonPropertyDescription("Other (Cluster)AnalysisTemplates whose metrics, args, dryRun and measurementRetention a run "
      + "of this one includes, as in Argo Rollouts; they may reference others in turn (no cycles). A metric name may "
      + "appear once across all of them.")
  public List<AnalysisTemplateRef> templates;

  @Size(max = 50)
  public List<Argument> args;

  @Size(max = 20)
  public List<MetricSelector> dryRun;

  @Size(max = 20)
  public List<MeasurementRetention> measurementRetention;
}
