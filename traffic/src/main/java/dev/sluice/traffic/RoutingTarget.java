package dev.sluice.traffic;

import dev.sluice.api.v1alpha1.CanaryStrategy;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.TrafficRouting;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.List;
import java.util.Objects;

/**
 * What the routers act on: the Rollout's namespace (where its Services, VirtualService and DestinationRule live),
 * its canary and stable Services (both null only for Istio subset-level routing alone), the pod-template hashes of the canary and stable revisions (Istio subsets
 * follow them; null leaves a subset's label alone) and its trafficRouting. Routers that create objects (the NGINX
 * canary Ingress) make {@code owner} their controller, and create them only while a release is in progress: the
 * canary and stable revisions differ and the release is not aborted.
 */
public record RoutingTarget(String namespace, String canaryService, String stableService, String canaryHash,
    String stableHash, TrafficRouting trafficRouting, OwnerReference owner, boolean aborted, PingPongRoles pingPong) {
  /** pingPong's two Services in their current roles (status.canary.stablePingPong). */
  public record PingPongRoles(String canaryService, String stableService) {
  }

  public RoutingTarget {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(trafficRouting, "trafficRouting");
    if (canaryService == null || stableService == null) {
      if (canaryService != stableService || !subsetsOnly(trafficRouting)) {
        throw new IllegalArgumentException("canary and stable service are both required unless istio.destinationRule is the only router");
      }
    } else if (canaryService.equals(stableService)) {
      throw new IllegalArgumentException("canary and stable service are both " + canaryService);
    }
  }

  public RoutingTarget(String namespace, String canaryService, String stableService, String canaryHash,
      String stableHash, TrafficRouting trafficRouting, OwnerReference owner, boolean aborted) {
    this(namespace, canaryService, stableService, canaryHash, stableHash, trafficRouting, owner, aborted, null);
  }

  /** Without an owner: for routers that only patch objects that exist. */
  public RoutingTarget(String namespace, String canaryService, String stableService, String canaryHash,
      String stableHash, TrafficRouting trafficRouting) {
    this(namespace, canaryService, stableService, canaryHash, stableHash, trafficRouting, null, false);
  }

  public static RoutingTarget of(Rollout rollout, String canaryHash, String stableHash) {
    String stablePingPong = rollout.getStatus() == null || rollout.getStatus().canary == null ? null
        : rollout.getStatus().canary.stablePingPong;
    return of(rollout, canaryHash, stableHash, stablePingPong);
  }

  /**
   * With pingPong's roles as a plan leaves them (a completed release flips them). Routers other than alb shift
   * between the ping-pong Services only when canaryService and stableService are unset, as in Argo Rollouts.
   */
  public static RoutingTarget of(Rollout rollout, String canaryHash, String stableHash, String stablePingPong) {
    CanaryStrategy canary = rollout.getSpec() == null || rollout.getSpec().strategy == null ? null
        : rollout.getSpec().strategy.canary;
    if (canary == null || canary.trafficRouting == null) {
      throw new IllegalArgumentException("Rollout " + rollout.getMetadata().getName() + " has no canary trafficRouting");
    }
    OwnerReference owner = new OwnerReferenceBuilder().withApiVersion(rollout.getApiVersion()).withKind(rollout.getKind())
        .withName(rollout.getMetadata().getName()).withUid(rollout.getMetadata().getUid())
        .withController(true).withBlockOwnerDeletion(true).build();
    boolean aborted = rollout.getStatus() != null && Boolean.TRUE.equals(rollout.getStatus().abort);
    PingPongRoles pingPong = canary.pingPong == null ? null
        : new PingPongRoles(canary.pingPong.canary(stablePingPong), canary.pingPong.stable(stablePingPong));
    boolean servicesUnset = canary.canaryService == null && canary.stableService == null;
    return new RoutingTarget(rollout.getMetadata().getNamespace(),
        pingPong != null && servicesUnset ? pingPong.canaryService() : canary.canaryService,
        pingPong != null && servicesUnset ? pingPong.stableService() : canary.stableService,
        canaryHash, stableHash, canary.trafficRouting, owner, aborted, pingPong);
  }

  /** Istio subset-level routing alone: the only routing that works without the canary and stable Services. */
  public static boolean subsetsOnly(TrafficRouting routing) {
    return routing.istio != null && routing.istio.destinationRule != null && routing.gatewayAPI == null
        && routing.nginx == null && routing.smi == null && routing.alb == null && routing.traefik == null
        && routing.apisix == null && routing.ambassador == null && routing.appMesh == null;
  }

  /**
   * The target as the alb router sees it: the ping-pong Services when there are some, whether or not canaryService and
   * stableService are set (Argo Rollouts' ALB router prefers them).
   */
  public RoutingTarget preferringPingPong() {
    return pingPong == null ? this : new RoutingTarget(namespace, pingPong.canaryService(), pingPong.stableService(),
        canaryHash, stableHash, trafficRouting, owner, aborted, pingPong);
  }

  /**
   * The total weight of traffic (trafficRouting.maxTrafficWeight, 100 when unset): a canary weight is a part of it and
   * the stable gets the rest, as in Argo Rollouts.
   */
  public int maxWeight() {
    return trafficRouting.maxTrafficWeight == null ? 100 : trafficRouting.maxTrafficWeight;
  }

  /** The names in trafficRouting.managedRoutes, in order of precedence. */
  public List<String> managedRoutes() {
    return trafficRouting.managedRoutes == null ? List.of()
        : trafficRouting.managedRoutes.stream().map(r -> r.name).toList();
  }

  /**
   * Whether a canary revision takes part in traffic: it differs from the stable one and the release is not aborted.
   * Outside a release (at rest, after promotion, after an abort) objects made for the canary are removed.
   */
  public boolean releaseInProgress() {
    return canaryHash != null && !canaryHash.equals(stableHash) && !aborted;
  }

  /** The owner that created objects get; an IllegalStateException when the target has none. */
  public OwnerReference requireOwner() {
    if (owner == null || owner.getUid() == null) {
      throw new IllegalStateException("this router creates objects and needs the Rollout as their owner");
    }
    return owner;
  }
}
