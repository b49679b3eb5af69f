package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * Weights shift on Istio VirtualService http routes: host-level (destinations are the canary and stable
 * services) or, with a destinationRule, subset-level (one host, subsets kept on the canary and stable hashes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class IstioTrafficRouting {
  @Required
  public VirtualService virtualService;

  public DestinationRule destinationRule;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class VirtualService {
    @Required
    public String name;

    @Size(max = 16)
    @JsonPropertyDescription("Names of the http routes to shift. Optional when the VirtualService has one route, or when tlsRoutes or tcpRoutes name the routes to shift.")
    public List<String> routes;

    @Size(max = 16)
    @JsonPropertyDescription("TLS routes to shift, each found by its match's port and SNI hosts. Optional when the VirtualService has one tls route and no http route is shifted.")
    public List<TlsRoute> tlsRoutes;

    @Size(max = 16)
    @JsonPropertyDescription("TCP routes to shift, each found by its match's port.")
    public List<TcpRoute> tcpRoutes;
  }

  /** A tls route of the VirtualService: one of its matches has this port (when set) and all these SNI hosts. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "has(self.port) || (has(self.sniHosts) && size(self.sniHosts) > 0)", message = "a tlsRoute needs a port or sniHosts")
  public static class TlsRoute {
    @Min(1)
    @Max(65535)
    public Long port;

    @Size(max = 16)
    public List<String> sniHosts;
  }

  /** A tcp route of the VirtualService: one of its matches has this port. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class TcpRoute {
    @Required
    @Min(1)
    @Max(65535)
    public Long port;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(value = "self.canarySubsetName != self.stableSubsetName", message = "canarySubsetName and stableSubsetName must differ")
  public static class DestinationRule {
    @Required
    public String name;

    @Required
    public String canarySubsetName;

    @Required
    public String stableSubsetName;
  }
}
