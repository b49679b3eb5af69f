package dev.sluice.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
// Istio subset-level routing needs no Service: the DestinationRule's subsets select the revisions' pods (as in
// Argo Rollouts); nor does pingPong with alb or istio, whose routers then shift traffic between the ping and pong
// Services. Every other router shifts traffic between the two Services.
@ValidationRule(value = "!has(self.trafficRouting) || (has(self.canaryService) && has(self.stableService)) || (!has(self.canaryService) && !has(self.stableService) && !has(self.trafficRouting.gatewayAPI) && !has(self.trafficRouting.nginx) && !has(self.trafficRouting.smi) && !has(self.trafficRouting.traefik) && !has(self.trafficRouting.apisix) && !has(self.trafficRouting.ambassador) && !has(self.trafficRouting.appMesh) && (has(self.pingPong) || (has(self.trafficRouting.istio) && has(self.trafficRouting.istio.destinationRule) && !has(self.trafficRouting.alb))))",
    message = "trafficRouting requires both canaryService and stableService (or neither, with pingPong and alb or istio, or with istio.destinationRule as the only router)",
    fieldPath = ".trafficRouting")
@ValidationRule(value = "!has(self.pingPong) || (has(self.trafficRouting) && (has(self.trafficRouting.alb) || has(self.trafficRouting.istio)))",
    message = "pingPong needs trafficRouting.alb or trafficRouting.istio", fieldPath = ".pingPong")
// The ALB action annotation is named after a Service the Ingress's rules name; with pingPong that is neither of the
// two Services, whose roles alternate (Argo Rollouts requires rootService too).
@ValidationRule(value = "!has(self.pingPong) || !has(self.trafficRouting) || !has(self.trafficRouting.alb) || has(self.trafficRouting.alb.rootService)",
    message = "pingPong with trafficRouting.alb needs trafficRouting.alb.rootService", fieldPath = ".trafficRouting.alb.rootService")
@ValidationRule(value = "!has(self.canaryService) || !has(self.stableService) || self.canaryService != self.stableService",
    message = "canaryService and stableService must differ", fieldPath = ".canaryService")
@ValidationRule(
    value = "!has(self.steps) || self.steps.all(s, !has(s.setHeaderRoute) && !has(s.setMirrorRoute)) || has(self.trafficRouting)",
    message = "setHeaderRoute and setMirrorRoute steps require trafficRouting", fieldPath = ".steps")
// ingress-nginx has a single canary Ingress per stable one: header routing comes from its canary-by-header
// annotations (additionalIngressAnnotations); a TrafficSplit has weights only. The AWS Load Balancer Controller routes
// by header through an Ingress rule with conditions and action annotations, but cannot mirror. Argo Rollouts refuses
// the same steps with these routers alone. Sluice's traefik router sets the weighted round robin only (Argo Rollouts'
// traefik router has no header or mirror routes either); the apisix router routes by header through an ApisixRoute of
// its own, as Argo Rollouts does; Ambassador Mappings and App Mesh routes have no header routes here.
@ValidationRule(
    value = "!has(self.steps) || !has(self.trafficRouting) || has(self.trafficRouting.gatewayAPI) || has(self.trafficRouting.istio) || has(self.trafficRouting.alb) || has(self.trafficRouting.apisix) || self.steps.all(s, !has(s.setHeaderRoute))",
    message = "setHeaderRoute steps need trafficRouting.gatewayAPI, istio, alb or apisix (nginx routes by header through additionalIngressAnnotations; traefik, ambassador, appMesh and smi have no header routes here)",
    fieldPath = ".steps")
@ValidationRule(
    value = "!has(self.steps) || !has(self.trafficRouting) || has(self.trafficRouting.gatewayAPI) || has(self.trafficRouting.istio) || self.steps.all(s, !has(s.setMirrorRoute))",
    message = "setMirrorRoute steps need trafficRouting.gatewayAPI or istio", fieldPath = ".steps")
// An ALB listener rule's http-header condition compares values (with * and ? wildcards), as Argo Rollouts requires.
@ValidationRule(
    value = "!has(self.steps) || !has(self.trafficRouting) || !has(self.trafficRouting.alb) || self.steps.all(s, !has(s.setHeaderRoute) || !has(s.setHeaderRoute.match) || s.setHeaderRoute.match.all(m, has(m.headerValue.exact)))",
    message = "with trafficRouting.alb, setHeaderRoute matches exact header values only (an ALB http-header condition has no prefix or regex)",
    fieldPath = ".steps")
@ValidationRule(
    value = "!has(self.steps) || self.steps.all(s, (!has(s.setHeaderRoute) || (has(self.trafficRouting) && has(self.trafficRouting.managedRoutes) && self.trafficRouting.managedRoutes.exists(r, r.name == s.setHeaderRoute.name))) && (!has(s.setMirrorRoute) || (has(self.trafficRouting) && has(self.trafficRouting.managedRoutes) && self.trafficRouting.managedRoutes.exists(r, r.name == s.setMirrorRoute.name))))",
    message = "every setHeaderRoute and setMirrorRoute name must be listed in trafficRouting.managedRoutes",
    fieldPath = ".steps")
// Argo Rollouts bounds setWeight by maxTrafficWeight ("SetWeight needs to be between 0 and %d") and allows
// maxTrafficWeight with nginx only; Sluice also takes it with the routers whose weights are relative (Gateway API,
// Istio, SMI, Traefik, APISIX), not with those whose weights are percentages (ALB, Ambassador, App Mesh).
@ValidationRule(
    value = "!has(self.steps) || self.steps.all(s, (!has(s.setWeight) || s.setWeight <= (has(self.trafficRouting) && has(self.trafficRouting.maxTrafficWeight) ? self.trafficRouting.maxTrafficWeight : 100)) && (!has(s.setCanaryScale) || !has(s.setCanaryScale.weight) || s.setCanaryScale.weight <= (has(self.trafficRouting) && has(self.trafficRouting.maxTrafficWeight) ? self.trafficRouting.maxTrafficWeight : 100)))",
    message = "setWeight and setCanaryScale.weight need to be between 0 and trafficRouting.maxTrafficWeight (100 when unset)",
    fieldPath = ".steps")
@ValidationRule(
    value = "!has(self.trafficRouting) || !has(self.trafficRouting.maxTrafficWeight) || (!has(self.trafficRouting.alb) && !has(self.trafficRouting.ambassador) && !has(self.trafficRouting.appMesh))",
    message = "trafficRouting.maxTrafficWeight cannot be used with alb, ambassador or appMesh (their weights are percentages)",
    fieldPath = ".trafficRouting.maxTrafficWeight")
@ValidationRule(value = "!has(self.analysis) || !has(self.analysis.startingStep) || (has(self.steps) && self.analysis.startingStep < size(self.steps))",
    message = "analysis.startingStep must be the index of a step", fieldPath = ".analysis.startingStep")
@ValidationRule(value = "!has(self.dynamicStableScale) || !self.dynamicStableScale || has(self.trafficRouting)",
    message = "dynamicStableScale can only be used with trafficRouting", fieldPath = ".dynamicStableScale")
@ValidationRule(value = "!has(self.dynamicStableScale) || !self.dynamicStableScale || !has(self.scaleDownDelaySeconds)",
    message = "dynamicStableScale cannot be used with scaleDownDelaySeconds", fieldPath = ".dynamicStableScale")
public class CanaryStrategy {
  @Size(max = 63)
  @JsonPropertyDescription("Service whose selector Sluice points at the canary pods.")
  public String canaryService;

  @Size(max = 63)
  @JsonPropertyDescription("Service whose selector Sluice points at the stable pods.")
  public String stableService;

  @JsonPropertyDescription("Two Services that alternate as stable and canary: each release points the one that is not "
      + "stable at the new revision, and once promoted it becomes the stable one. With alb or istio, instead of or next "
      + "to canaryService and stableService (alb then uses these, istio uses canaryService and stableService if set).")
  public PingPong pingPong;

  @JsonPropertyDescription("Extra pods above replicas during an update (number or percentage). Defaults to 25%.")
  @ValidationRule(value = IntOrPercent.RULE, message = IntOrPercent.MESSAGE)
  public IntOrString maxSurge;

  @JsonPropertyDescription("Pods that may be unavailable during an update (number or percentage). Defaults to 25%.")
  @ValidationRule(value = IntOrPercent.RULE, message = IntOrPercent.MESSAGE)
  public IntOrString maxUnavailable;

  @Min(0)
  @JsonPropertyDescription("With trafficRouting, seconds before the aborted canary scales down; 0 keeps it up. "
      + "Defaults to 30. Without trafficRouting an abort scales the canary down at once (within maxUnavailable).")
  public Integer abortScaleDownDelaySeconds;

  @Min(0)
  @JsonPropertyDescription("Seconds before the old stable scales down after a promotion. Defaults to 30.")
  public Integer scaleDownDelaySeconds;

  @Min(0)
  @JsonPropertyDescription("How many old revisions may keep running during their scale-down delay, newest first; older "
      + "ones scale down at once. No limit by default.")
  public Integer scaleDownDelayRevisionLimit;

  @JsonPropertyDescription("With trafficRouting: the stable scales down as the canary's weight rises (and back up, step by "
      + "step, on an abort) instead of staying at full size. Defaults to false.")
  public Boolean dynamicStableScale;

  @JsonPropertyDescription("The new revision's pods avoid the nodes of the stable revision's pods (preferred or required).")
  public AntiAffinity antiAffinity;

  @Min(0)
  @JsonPropertyDescription("With trafficRouting: a canary or stable asked for any pods gets at least this many (at most "
      + "replicas), for availability. No minimum by default.")
  public Integer minPodsPerReplicaSet;

  @JsonPropertyDescription("How many of the canary's pods for a step or the promotion must be available to go on "
      + "(a percentage or a number of pods); all of them by default.")
  public ReplicaProgressThreshold replicaProgressThreshold;

  @Size(max = 50)
  public List<CanaryStep> steps;

  @JsonPropertyDescription("Background analysis, running alongside the steps from startingStep on.")
  public RolloutAnalysis analysis;

  public TrafficRouting trafficRouting;

  @JsonPropertyDescription("Labels and annotations on the canary's pods while it is the canary.")
  public PodTemplateMetadata canaryMetadata;

  @JsonPropertyDescription("Labels and annotations on the stable revision's pods while it is stable.")
  public PodTemplateMetadata stableMetadata;
}
