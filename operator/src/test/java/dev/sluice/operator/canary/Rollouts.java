package dev.sluice.operator.canary;

import dev.sluice.api.v1alpha1.AnalysisTemplateRef;
import dev.sluice.api.v1alpha1.CanaryStep;
import dev.sluice.api.v1alpha1.CanaryStrategy;
import dev.sluice.api.v1alpha1.HeaderRoutingMatch;
import dev.sluice.api.v1alpha1.IstioTrafficRouting;
import dev.sluice.api.v1alpha1.Pause;
import dev.sluice.api.v1alpha1.PodTemplateMetadata;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.v1alpha1.RolloutAnalysis;
import dev.sluice.api.v1alpha1.RolloutSpec;
import dev.sluice.api.v1alpha1.RolloutStrategy;
import dev.sluice.api.v1alpha1.RouteMatch;
import dev.sluice.api.v1alpha1.SetCanaryScale;
import dev.sluice.api.v1alpha1.SetHeaderRoute;
import dev.sluice.api.v1alpha1.SetMirrorRoute;
import dev.sluice.api.v1alpha1.StringMatch;
import dev.sluice.api.v1alpha1.TrafficRouting;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Test fixture: canary Rollouts and their steps, with Argo-like defaults left unset unless a test sets them. */
final class Rollouts {
  static final String NAME = "demo";
  static final String CANARY_SERVICE = "demo-canary";
  static final String STABLE_SERVICE = "demo-stable";
  static final String HEADER_ROUTE = "header";
  static final String MIRROR_ROUTE = "mirror";

  private Rollouts() {
  }

  static Builder canary() {
    return new Builder();
  }

  static final class Builder {
    private final Rollout rollout = new Rollout();
    private final RolloutSpec spec = new RolloutSpec();
    private final CanaryStrategy canary = new CanaryStrategy();

    private Builder() {
      rollout.setMetadata(new ObjectMetaBuilder().withName(NAME).withNamespace("default").withGeneration(1L).build());
      spec.replicas = 10;
      spec.strategy = new RolloutStrategy();
      spec.strategy.canary = canary;
      canary.canaryService = CANARY_SERVICE;
      canary.stableService = STABLE_SERVICE;
      rollout.setSpec(spec);
    }

    Builder replicas(Integer replicas) {
      spec.replicas = replicas;
      return this;
    }

    /** Istio traffic routing with the two managed routes the route steps use. */
    Builder routed() {
      TrafficRouting routing = new TrafficRouting();
      routing.istio = new IstioTrafficRouting();
      routing.istio.virtualService = new IstioTrafficRouting.VirtualService();
      routing.istio.virtualService.name = "demo-vs";
      routing.managedRoutes = new ArrayList<>();
      for (String name : List.of(HEADER_ROUTE, MIRROR_ROUTE)) {
        TrafficRouting.ManagedRoute route = new TrafficRouting.ManagedRoute();
        route.name = name;
        routing.managedRoutes.add(route);
      }
      canary.trafficRouting = routing;
      return this;
    }

    /** trafficRouting.maxTrafficWeight, after routed() or alb(). */
    Builder maxTrafficWeight(int total) {
      canary.trafficRouting.maxTrafficWeight = total;
      return this;
    }

    /** pingPong with Services "ping" and "pong"; withoutServices drops canaryService and stableService. */
    Builder pingPong(boolean withoutServices) {
      canary.pingPong = new dev.sluice.api.v1alpha1.PingPong();
      canary.pingPong.pingService = "ping";
      canary.pingPong.pongService = "pong";
      if (withoutServices) {
        canary.canaryService = null;
        canary.stableService = null;
      }
      return this;
    }

    /** AWS ALB traffic routing on Ingress "demo" (instead of Istio). */
    Builder alb() {
      TrafficRouting routing = new TrafficRouting();
      routing.alb = new dev.sluice.api.v1alpha1.AlbTrafficRouting();
      routing.alb.ingress = "demo";
      routing.alb.servicePort = 80;
      routing.alb.rootService = "demo-root";
      canary.trafficRouting = routing;
      return this;
    }

    Builder replicaProgressThreshold(String type, int value) {
      canary.replicaProgressThreshold = new dev.sluice.api.v1alpha1.ReplicaProgressThreshold();
      canary.replicaProgressThreshold.type = dev.sluice.api.v1alpha1.ReplicaProgressThreshold.Type.valueOf(type);
      canary.replicaProgressThreshold.value = value;
      return this;
    }

    Builder steps(CanaryStep... steps) {
      canary.steps = new ArrayList<>(List.of(steps));
      return this;
    }

    Builder maxSurge(Object value) {
      canary.maxSurge = intOrString(value);
      return this;
    }

    Builder maxUnavailable(Object value) {
      canary.maxUnavailable = intOrString(value);
      return this;
    }

    Builder background(Integer startingStep, String template) {
      canary.analysis = analysis(template);
      canary.analysis.startingStep = startingStep;
      return this;
    }

    Builder scaleDownDelaySeconds(int seconds) {
      canary.scaleDownDelaySeconds = seconds;
      return this;
    }

    /** The pod template comes from Deployment "demo" (the world's hashes stand for its templates). */
    Builder workloadRef(dev.sluice.api.v1alpha1.WorkloadRef.ScaleDown scaleDown) {
      spec.workloadRef = new dev.sluice.api.v1alpha1.WorkloadRef();
      spec.workloadRef.apiVersion = "apps/v1";
      spec.workloadRef.kind = "Deployment";
      spec.workloadRef.name = NAME;
      spec.workloadRef.scaleDown = scaleDown;
      return this;
    }

    Builder scaleDownDelayRevisionLimit(int limit) {
      canary.scaleDownDelayRevisionLimit = limit;
      return this;
    }

    /** canaryMetadata and stableMetadata: a "role" label and a "note" annotation each. */
    Builder roleMetadata() {
      canary.canaryMetadata = new PodTemplateMetadata(Map.of("role", "canary"), Map.of("note", "under test"));
      canary.stableMetadata = new PodTemplateMetadata(Map.of("role", "stable", "tier", "prod"), null);
      return this;
    }

    Builder minPodsPerReplicaSet(int pods) {
      canary.minPodsPerReplicaSet = pods;
      return this;
    }

    Builder dynamicStableScale() {
      canary.dynamicStableScale = true;
      return this;
    }

    Builder abortScaleDownDelaySeconds(int seconds) {
      canary.abortScaleDownDelaySeconds = seconds;
      return this;
    }

    Builder progressDeadline(int seconds, boolean abort) {
      spec.progressDeadlineSeconds = seconds;
      spec.progressDeadlineAbort = abort;
      return this;
    }

    Builder rollbackWindow(int revisions) {
      spec.rollbackWindow = new dev.sluice.api.v1alpha1.RollbackWindow();
      spec.rollbackWindow.revisions = revisions;
      return this;
    }

    Builder revisionHistoryLimit(int limit) {
      spec.revisionHistoryLimit = limit;
      return this;
    }

    Builder paused() {
      spec.paused = true;
      return this;
    }

    Rollout build() {
      return rollout;
    }
  }

  static IntOrString intOrString(Object value) {
    return value instanceof Integer i ? new IntOrString(i) : new IntOrString((String) value);
  }

  // --- steps -----------------------------------------------------------------------------------------------

  static CanaryStep setWeight(int weight) {
    CanaryStep step = new CanaryStep();
    step.setWeight = weight;
    return step;
  }

  /** A pause until promoted. */
  static CanaryStep pause() {
    CanaryStep step = new CanaryStep();
    step.pause = new Pause();
    return step;
  }

  static CanaryStep pause(String duration) {
    CanaryStep step = pause();
    step.pause.duration = duration;
    return step;
  }

  static CanaryStep analysisStep(String template) {
    CanaryStep step = new CanaryStep();
    step.analysis = analysis(template);
    return step;
  }

  static RolloutAnalysis analysis(String template) {
    RolloutAnalysis analysis = new RolloutAnalysis();
    AnalysisTemplateRef ref = new AnalysisTemplateRef();
    ref.templateName = template;
    analysis.templates = List.of(ref);
    return analysis;
  }

  static CanaryStep canaryScaleReplicas(int replicas) {
    CanaryStep step = new CanaryStep();
    step.setCanaryScale = new SetCanaryScale();
    step.setCanaryScale.replicas = replicas;
    return step;
  }

  static CanaryStep canaryScaleWeight(int weight) {
    CanaryStep step = new CanaryStep();
    step.setCanaryScale = new SetCanaryScale();
    step.setCanaryScale.weight = weight;
    return step;
  }

  static CanaryStep matchTrafficWeight() {
    CanaryStep step = new CanaryStep();
    step.setCanaryScale = new SetCanaryScale();
    step.setCanaryScale.matchTrafficWeight = true;
    return step;
  }

  static CanaryStep headerRoute(String header, String exactValue) {
    CanaryStep step = new CanaryStep();
    step.setHeaderRoute = new SetHeaderRoute();
    step.setHeaderRoute.name = HEADER_ROUTE;
    if (header != null) {
      HeaderRoutingMatch match = new HeaderRoutingMatch();
      match.headerName = header;
      match.headerValue = new StringMatch();
      match.headerValue.exact = exactValue;
      step.setHeaderRoute.match = List.of(match);
    }
    return step;
  }

  static CanaryStep mirrorRoute(Integer percentage) {
    CanaryStep step = new CanaryStep();
    step.setMirrorRoute = new SetMirrorRoute();
    step.setMirrorRoute.name = MIRROR_ROUTE;
    if (percentage != null) {
      RouteMatch match = new RouteMatch();
      StringMatch get = new StringMatch();
      get.exact = "GET";
      match.method = get;
      match.headers = Map.of();
      step.setMirrorRoute.match = List.of(match);
      step.setMirrorRoute.percentage = percentage;
    }
    return step;
  }
}
