package dev.sluice.traffic.smi;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The spec of an SMI TrafficSplit, the fields Sluice writes and reads back: the root Service and the weighted backends.
 * A weight is a number in v1alpha2 and v1alpha3, a quantity (a string such as "25") in v1alpha1.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public class TrafficSplitSpec {
  public String service;
  public List<Backend> backends;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Backend {
    public String service;
    public Object weight;

    public Backend() {
    }

    public Backend(String service, Object weight) {
      this.service = service;
      this.weight = weight;
    }
  }
}
