package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Required;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class HeaderRoutingMatch {
  @Required
  public String headerName;

  @Required
  public StringMatch headerValue;
}
