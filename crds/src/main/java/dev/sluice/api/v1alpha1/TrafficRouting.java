package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.gatewayAPI) || has(self.istio) || has(self.nginx) || has(self.smi) || has(self.alb) || has(self.traefik) || has(self.apisix) || has(self.ambassador) || has(self.appMesh)", message = "trafficRouting needs gatewayAPI or istio or nginx or smi or alb or traefik or apisix or ambassador or appMesh")
public class TrafficRouting {
  public GatewayApiTrafficRouting gatewayAPI;
  public IstioTrafficRouting istio;
  public NginxTrafficRouting nginx;
  public SmiTrafficRouting smi;
  public AlbTrafficRouting alb;
  public TraefikTrafficRouting traefik;
  public ApisixTrafficRouting apisix;
  public AmbassadorTrafficRouting ambassador;
  public AppMeshTrafficRouting appMesh;

  // Gateway API backendRefs take weights up to 1,000,000; a larger total could not be written to an HTTPRoute.
  @io.fabric8.generator.annotation.Min(1)
  @io.fabric8.generator.annotation.Max(1000000)
  @JsonPropertyDescription("The total weight of traffic: setWeight and setCanaryScale weights are parts of it, the "
      + "stable gets the rest. Defaults to 100. Not with alb, ambassador or appMesh, whose weights are percentages.")
  public Integer maxTrafficWeight;

  @Size(max = 16)
  @JsonPropertyDescription("Routes that setHeaderRoute and setMirrorRoute steps create, in order of precedence.")
  public List<ManagedRoute> managedRoutes;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ManagedRoute {
    @io.fabric8.generator.annotation.Required
    @Size(max = 63)
    public String name;
  }
}
