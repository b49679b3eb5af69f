package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A Wavefront (Tanzu Observability) chart API query, as Argo's {@code wavefront}: the point of each series closest to
 * the measurement's time is the measurement. The API token is the key named after the address's host in the Secret
 * {@code wavefront-api-tokens} of the AnalysisRun's namespace.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class WavefrontMetric {
  @Required
  @Size(max = 2048)
  @Pattern("^(https?://)?[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?(:[0-9]{1,5})?/?$")
  @JsonPropertyDescription("Wavefront host, e.g. example.wavefront.com (HTTPS, Argo's form), or an http:// or https://"
      + " URL of host and port.")
  public String address;

  @Required
  @Size(min = 1, max = 16384)
  @JsonPropertyDescription("Wavefront query language (WQL); {{args.NAME}} is placed escaped for a quoted string, or"
      + " as one token outside quotes.")
  public String query;
}
