package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class RouteMatch {
  public StringMatch method;
  public StringMatch path;
  public Map<String, StringMatch> headers;
}
