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
