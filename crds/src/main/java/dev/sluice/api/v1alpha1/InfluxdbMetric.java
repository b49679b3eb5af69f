package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * An InfluxDB 2 Flux query, as Argo's {@code influxdb}: the {@code _value} of every record returned is the
 * measurement. Address, token and organization come from the {@code profile} Secret of the AnalysisRun's namespace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InfluxdbMetric {
  @Size(max = 253)
  @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
  @JsonPropertyDescription("Name of a Secret in the AnalysisRun's namespace with the keys address, authToken and org;"
      + " default influxdb, as in Argo Rollouts.")
  public String profile;

  @Required
  @Size(min = 1, max = 16384)
  @JsonPropertyDescription("Flux query; {{args.NAME}} is placed escaped for a Flux string, or as one literal outside"
      + " strings.")
  public String query;
}
