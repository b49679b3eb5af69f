package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A Graphite render API query, as Argo's {@code graphite}: the first series' values are the measurement. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class GraphiteMetric {
  @Required
  @Size(max = 2048)
  @Pattern("^(https?://.+|.*\\{\\{.*}}.*)$")
  @JsonPropertyDescription("Base URL of graphite-web, http:// or https://; {{args.NAME}} is placed.")
  public String address;

  @Required
  @Size(max = 16384)
  @JsonPropertyDescription("The render API's query string, e.g. target=sumSeries(app.errors)&from=-5min; white space"
      + " is removed, as in Argo Rollouts, and {{args.NAME}} is placed (URL-encoded).")
  public String query;
}
