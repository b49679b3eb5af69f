package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.successCondition) || has(self.failureCondition) || (has(self.provider) && has(self.provider.job))",
    message = "a metric needs successCondition, failureCondition or both (a job metric needs neither)")
@ValidationRule(value = "!has(self.count) || type(self.count) == string || self.count <= 1 || has(self.interval)",
    message = "count above 1 needs an interval", fieldPath = ".interval")
// The patterns bound the string forms; these rules bound the integer forms (the generator writes no minimum for a
// String field).
@ValidationRule(value = "!has(self.count) || type(self.count) == string || (self.count >= 0 && self.count <= 999999999)",
    message = "count must be 0 to 999999999", fieldPath = ".count")
@ValidationRule(value = "!has(self.failureLimit) || type(self.failureLimit) == string"
    + " || (self.failureLimit >= -1 && self.failureLimit <= 999999999)",
    message = "failureLimit must be -1 (no limit) to 999999999", fieldPath = ".failureLimit")
@ValidationRule(value = "!has(self.inconclusiveLimit) || type(self.inconclusiveLimit) == string"
    + " || (self.inconclusiveLimit >= 0 && self.inconclusiveLimit <= 999999999)",
    message = "inconclusiveLimit must be 0 to 999999999", fieldPath = ".inconclusiveLimit")
@ValidationRule(value = "!has(self.consecutiveErrorLimit) || type(self.consecutiveErrorLimit) == string"
    + " || (self.consecutiveErrorLimit >= 0 && self.consecutiveErrorLimit <= 999999999)",
    message = "consecutiveErrorLimit must be 0 to 999999999", fieldPath = ".consecutiveErrorLimit")
@ValidationRule(value = "!has(self.consecutiveSuccessLimit) || type(self.consecutiveSuccessLimit) == string"
    + " || (self.consecutiveSuccessLimit >= 0 && self.consecutiveSuccessLimit <= 999999999)",
    message = "consecutiveSuccessLimit must be 0 to 999999999", fieldPath = ".consecutiveSuccessLimit")
public class Metric {
  @Required
  @Size(max = 63)
  @Pattern("^[a-zA-Z0-9]([-a-zA-Z0-9_.]*[a-zA-Z0-9])?$")
  public String name;

  // Count and limits are integers or strings in the CRD, as in Argo Rollouts (`count: 5`, `count: "{{args.runs}}"`);
  // Jackson reads an integer into these Strings as its digits (a copy into a run writes them as a string, which the
  // patterns accept). The analysis resolves {{args.NAME}} when the run starts.
  @Pattern(ArgTemplates.DURATION_OR_TEMPLATE)
  @JsonPropertyDescription("Time between measurements (30s, 5m), or {{args.NAME}}. Without count, measurements go on"
      + " until the run is terminated.")
  public String interval;

  @Pattern(ArgTemplates.DURATION_OR_TEMPLATE)
  @JsonPropertyDescription("Wait before the first measurement (30s, 5m), or {{args.NAME}}.")
  public String initialDelay;

  @SchemaFrom(type = IntOrString.class)
  @Pattern(ArgTemplates.COUNT_OR_TEMPLATE)
  @JsonPropertyDescription("Number of measurements, or {{args.NAME}}. Defaults to 1 without interval.")
  public String count;

  @JsonPropertyDescription("true means the measurement succeeded. CEL over `result`, or Argo Rollouts' expression"
      + " language when it is not CEL (docs/analysis.md, Conditions).")
  public String successCondition;

  @JsonPropertyDescription("true means the measurement failed. CEL over `result`, or Argo Rollouts' expression"
      + " language when it is not CEL (docs/analysis.md, Conditions).")
  public String failureCondition;

  @SchemaFrom(type = IntOrString.class)
  @Pattern(ArgTemplates.LIMIT_OR_TEMPLATE)
  @JsonPropertyDescription("Failed measurements tolerated before the metric is Failed, or {{args.NAME}}. Defaults to 0;"
      + " -1 for no limit, with consecutiveSuccessLimit.")
  public String failureLimit;

  @SchemaFrom(type = IntOrString.class)
  @Pattern(ArgTemplates.COUNT_OR_TEMPLATE)
  @JsonPropertyDescription("Successful measurements in a row that make the metric Successful, or {{args.NAME}}."
      + " Defaults to 0 (not used).")
  public String consecutiveSuccessLimit;

  @SchemaFrom(type = IntOrString.class)
  @Pattern(ArgTemplates.COUNT_OR_TEMPLATE)
  @JsonPropertyDescription("Inconclusive measurements tolerated before the metric is Inconclusive, or {{args.NAME}}."
      + " Defaults to 0.")
  public String inconclusiveLimit;

  @SchemaFrom(type = IntOrString.class)
  @Pattern(ArgTemplates.COUNT_OR_TEMPLATE)
  @JsonPropertyDescription("Consecutive errors tolerated before the metric is Error, or {{args.NAME}}. Defaults to 4.")
  public String consecutiveErrorLimit;

  @Required
  public MetricProvider provider;
}
