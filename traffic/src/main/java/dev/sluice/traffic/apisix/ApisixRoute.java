package dev.sluice.traffic.apisix;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ApisixRoute (apisix.apache.org/v2) with the fields Sluice reads: each http rule's name, priority and backends;
 * every other field is kept as read, so that a header route copied from a rule keeps its hosts, paths and plugins.
 * Weights of the user's route are written by JSON Patch only, so the rest of it stays as the API server has it.
 */
@Group("apisix.apache.org")
@Version("v2")
@Kind("ApisixRoute")
public class ApisixRoute extends CustomResource<ApisixRoute.Spec, Void> implements Namespaced {
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Spec {
    public List<Rule> http;

    @JsonIgnore
    private final Map<String, Object> other = new LinkedHashMap<>();

    @JsonAnyGetter
    public Map<String, Object> other() {
      return other;
    }

    @JsonAnySetter
    public void other(String name, Object value) {
      other.put(name, value);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Rule {
    public String name;
    public Integer priority;
    public List<Backend> backends;

    @JsonIgnore
    private final Map<String, Object> other = new LinkedHashMap<>();

    @JsonAnyGetter
    public Map<String, Object> other() {
      return other;
    }

    @JsonAnySetter
    public void other(String name, Object value) {
      other.put(name, value);
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Backend {
    public String serviceName;
    public Integer weight;

    @JsonIgnore
    private final Map<String, Object> other = new LinkedHashMap<>();

    @JsonAnyGetter
    public Map<String, Object> other() {
      return other;
    }

    @JsonAnySetter
    public void other(String name, Object value) {
      other.put(name, value);
    }
  }
}
