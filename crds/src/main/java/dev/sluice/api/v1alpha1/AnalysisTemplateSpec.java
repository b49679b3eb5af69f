package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.metrics.all(m, self.metrics.filter(o, o.name == m.name).size() == 1)",
    message = "metric names must be unique", fieldPath = ".metrics")
@ValidationRule(value = "!has(self.args) || self.args.all(a, self.args.filter(o, o.name == a.name).size() == 1)",
    message = "argument names must be unique", fieldPath = ".args")
public class AnalysisTemplateSpec {
  @Required
  @Size(min = 1, max = 20)
  public List<Metric> metrics;

  @Size(max = 50)
  public List<Argument> args;

  @Size(max = 20)
  public List<MetricSelector> dryRun;

  @Size(max = 20)
  public List<MeasurementRetention> measurementRetention;
}
