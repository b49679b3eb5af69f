package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/**
 * A Datadog metrics query, as Argo's {@code datadog}: API v1 ({@code GET /api/v1/query}, the last point of the first
 * series) or v2 ({@code POST /api/v2/query/scalar}, queries and a formula reduced to one number, or one per group).
 * Credentials (address, api-key, app-key) come from a Secret, found as Argo Rollouts finds it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.query) != has(self.queries)", message = "datadog needs exactly one of query and queries")
@ValidationRule(value = "!has(self.queries) || (has(self.apiVersion) && self.apiVersion == 'v2')",
    message = "queries need apiVersion v2")
@ValidationRule(value = "!has(self.formula) || has(self.queries)", message = "formula needs queries")
@ValidationRule(value = "has(self.formula) || !has(self.queries) || size(self.queries) <= 1",
    message = "several queries need a formula")
@ValidationRule(value = "!has(self.aggregator) || (has(self.apiVersion) && self.apiVersion == 'v2')",
    message = "aggregator needs apiVersion v2")
public class DatadogMetric {
  @Pattern("^(v1|v2)$")
  @JsonPropertyDescription("Datadog API version: v1 (default, as in Argo Rollouts) or v2.")
  public String apiVersion;

  @Pattern(ArgTemplates.DURATION_OR_TEMPLATE)
  @JsonPropertyDescription("The window queried, from this long ago to now, e.g. 5m (the default).")
  public String interval;

  @Size(max = 16384)
  @JsonPropertyDescription("A metrics query; {{args.NAME}} is placed as it is. Exclusive with queries.")
  public String query;

  @Size(max = 20)
  @JsonPropertyDescription("v2: named queries (name: query) that formula combines. Exclusive with query.")
  public Map<String, String> queries;

  @Size(max = 4096)
  @JsonPropertyDescription("v2: a formula over the names of queries, e.g. a / b.")
  public String formula;

  @Pattern("^(avg|min|max|sum|last|percentile|mean|l2norm|area)$")
  @JsonPropertyDescription("v2: how each query's points are reduced to one number; default last.")
  public String aggregator;

  @Pattern(ArgTemplates.DURATION_OR_TEMPLATE)
  @JsonPropertyDescription("How long one request may take, default 10s, at most 60s.")
  public String requestTimeout;

  @JsonPropertyDescription("The Secret with address, api-key and app-key; default: the operator's DD_API_KEY,"
      + " DD_APP_KEY and DD_ADDRESS, then the Secret datadog of the operator's namespace.")
  public SecretRef secretRef;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SecretRef {
    @Size(max = 253)
    @JsonPropertyDescription("The Secret's name.")
    public String name;

    @JsonPropertyDescription("true: the Secret is in the AnalysisRun's namespace; false (default): in the"
        + " operator's namespace, as in Argo Rollouts.")
    public Boolean namespaced;
  }
}
