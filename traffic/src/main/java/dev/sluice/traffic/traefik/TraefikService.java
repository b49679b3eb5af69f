package dev.sluice.traffic.traefik;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;
import java.util.List;

/**
 * A TraefikService as Traefik v3 serves it (traefik.io/v1alpha1), with the fields Sluice reads: the weighted round
 * robin's services. Everything else is left to the API server: Sluice writes weights by JSON Patch only.
 */
@Group("traefik.io")
@Version("v1alpha1")
@Kind("TraefikService")
public class TraefikService extends CustomResource<TraefikService.Spec, Void> implements Namespaced {
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Spec {
    public Weighted weighted;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Weighted {
    public List<WeightedService> services;
  }

  /** One entry of the round robin: a Kubernetes Service (kind Service or unset) or another TraefikService. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class WeightedService {
    public String name;
    public String namespace;
    public String kind;
    public Integer weight;
  }
}
