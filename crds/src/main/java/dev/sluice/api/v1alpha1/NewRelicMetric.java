package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * An NRQL query through New Relic's NerdGraph API, as Argo's {@code newRelic}: the result rows, with their named
 * fields, are the measurement ({@code result.successRate}). The account (personal-api-key, account-id, region) is a
 * profile Secret, found as Argo Rollouts finds it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NewRelicMetric {
  @Size(max = 253)
  @JsonPropertyDescription("The Secret holding the account (personal-api-key, account-id, region, base-url-nerdgraph);"
      + " default newrelic. In the operator's namespace, as in Argo Rollouts, unless namespaced is true.")
  public String profile;

  @JsonPropertyDescription("true: the profile Secret is in the AnalysisRun's namespace (Sluice's addition).")
  public Boolean namespaced;

  @Required
  @Size(max = 16384)
  @JsonPropertyDescription("NRQL; {{args.NAME}} is placed as it is.")
  public String query;

  @Min(1)
  @Max(60)
  @JsonPropertyDescription("NRQL query timeout in seconds, default 5 (Argo's), at most 60.")
  public Long timeout;
}
