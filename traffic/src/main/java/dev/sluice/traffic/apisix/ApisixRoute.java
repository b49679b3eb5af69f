package dev.sluice.traffic.apisix;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/**
 * An ApisixRoute (apisix.apache.org/v2) with the fields Sluice reads: each http rule's name and backends. Sluice writes
 * weights by JSON Patch only, so the rest of the object stays as the API server has it.
 */
@Group("apisix.apache.org")
@Version("v2")
@Kind("ApisixRoute")
public class ApisixRoute extends CustomResource<ApisixRoute.Spec, Void> implements Namespaced {
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Spec {
    public List<Rule> http;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Rule {
    public String name;
    public List<Backend> backends;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Backend {
    public String serviceName;
    public Integer weight;
  }
}
