package dev.sluice.traffic;

import dev.sluice.traffic.alb.AlbRouter;
import dev.sluice.traffic.ambassador.AmbassadorRouter;
import dev.sluice.traffic.apisix.ApisixRouter;
import dev.sluice.traffic.appmesh.AppMeshRouter;
import dev.sluice.traffic.gatewayapi.GatewayApiRouter;
import dev.sluice.traffic.istio.IstioRouter;
import dev.sluice.traffic.nginx.NginxRouter;
import dev.sluice.traffic.smi.SmiRouter;
import dev.sluice.traffic.traefik.TraefikRouter;
import dev.sluice.traffic.patch.ChangeExecutor;
import dev.sluice.traffic.patch.ChangeRouter;
import dev.sluice.traffic.patch.ResourceAccess;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/** The router for a Rollout's trafficRouting: Gateway API, Istio, NGINX, SMI, AWS ALB, Traefik, APISIX, Ambassador, App Mesh, or several of them as one. */
public final class TrafficRouters {
  private TrafficRouters() {
  }

  public static TrafficRouter forRollout(KubernetesClient client, RoutingTarget target) {
    return forRollout(ResourceAccess.of(client), target);
  }

  /** With another way to read and patch objects (a cache, a recorder in tests). */
  public static TrafficRouter forRollout(ResourceAccess access, RoutingTarget target) {
    ChangeExecutor executor = new ChangeExecutor(access);
    List<ChangeRouter> routers = new ArrayList<>();
    if (target.trafficRouting().gatewayAPI != null) {
      routers.add(new GatewayApiRouter(executor, target));
    }
    if (target.trafficRouting().istio != null) {
      routers.add(new IstioRouter(executor, target));
    }
    if (target.trafficRouting().nginx != null) {
      routers.add(new NginxRouter(executor, target));
    }
    if (target.trafficRouting().smi != null) {
      routers.add(new SmiRouter(executor, target, access.servedVersions(SmiRouter.GROUP)));
    }
    if (target.trafficRouting().alb != null) {
      routers.add(new AlbRouter(executor, target));
    }
    if (target.trafficRouting().traefik != null) {
      routers.add(new TraefikRouter(executor, target));
    }
    if (target.trafficRouting().apisix != null) {
      routers.add(new ApisixRouter(executor, target));
    }
    if (target.trafficRouting().ambassador != null) {
      routers.add(new AmbassadorRouter(executor, target));
    }
    if (target.trafficRouting().appMesh != null) {
      routers.add(new AppMeshRouter(executor, target));
    }
    if (routers.isEmpty()) {
      throw new InvalidRoutingSpecException(SpecFields.TRAFFIC_ROUTING, "set gatewayAPI, istio, nginx, smi, alb, traefik, apisix, ambassador or appMesh");
    }
    return routers.size() == 1 ? routers.get(0) : new CompositeRouter(executor, routers);
  }
}
