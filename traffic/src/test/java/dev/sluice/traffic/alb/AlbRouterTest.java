package dev.sluice.traffic.alb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.api.v1alpha1.TrafficRouting;
import dev.sluice.traffic.Fixtures;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.InvalidRoutingSpecException;
import dev.sluice.traffic.MemoryAccess;
import dev.sluice.traffic.RouteNotFoundException;
import dev.sluice.traffic.RoutingTarget;
import dev.sluice.traffic.TrafficRouter;
import dev.sluice.traffic.TrafficRouters;
import dev.sluice.traffic.patch.ObjectRef;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlbRouterTest {
  static final OwnerReference OWNER = new OwnerReferenceBuilder().withApiVersion("sluice.dev/v1alpha1").withKind("Rollout")
      .withName("web").withUid("rollout-uid").withController(true).withBlockOwnerDeletion(true).build();
  static final String INGRESS = """
      apiVersion: networking.k8s.io/v1
      kind: Ingress
      metadata:
        name: %s
        namespace: ns
        uid: %s-uid
        annotations:
          alb.ingress.kubernetes.io/scheme: internet-facing
          alb.ingress.kubernetes.io/actions.other: '{"type":"fixed-response"}'
      spec:
        ingressClassName: alb
        rules:
        - http:
            paths:
            - path: /
              pathType: Prefix
              backend: {service: {name: %s, port: {name: use-annotation}}}
      """;
  static final String ACTION = "alb.ingress.kubernetes.io/actions.web-root";

  final MemoryAccess access = new MemoryAccess();

  @Test
  void keepsTheForwardActionAtTheStepsWeightAndLeavesOtherAnnotationsAlone() {
    access.put(ingress("web", "web-root"));
    TrafficRouter router = router("alb: {ingress: web, servicePort: 8080, rootService: web-root}");

    router.setWeight(30);
    router.setWeight(30);

    assertThat(access.writes).containsExactly("patch web");
    Map<String, String> annotations = live("web").getMetadata().getAnnotations();
    assertThat(annotations).containsEntry("alb.ingress.kubernetes.io/scheme", "internet-facing")
        .containsEntry("alb.ingress.kubernetes.io/actions.other", "{\"type\":\"fixed-response\"}")
        .containsEntry(ACTION, "{\"type\":\"forward\",\"forwardConfig\":{\"targetGroups\":["
            + "{\"serviceName\":\"web-canary\",\"servicePort\":\"8080\",\"weight\":30},"
            + "{\"serviceName\":\"web-stable\",\"servicePort\":\"8080\",\"weight\":70}]}}");
    assertThat(router.verifyWeight(30).verified()).isTrue();
    assertThat(router.verifyWeight(50).mismatches()).containsExactly(
        "Ingress ns/web: " + ACTION + " gives web-canary weight 30, want 50",
        "Ingress ns/web: " + ACTION + " gives web-stable weight 70, want 50");

    router.setWeight(0);
    assertThat(router.verifyWeight(0).verified()).isTrue();
    assertThat(ForwardAction.weightOf(live("web").getMetadata().getAnnotations().get(ACTION), "web-stable")).contains(100);
  }

  @Test
  void defaultsToTheStableServiceAndWritesEveryIngressWithPrefixAndStickiness() {
    access.put(ingress("a", "web-stable"));
    access.put(ingress("b", "web-stable"));
    TrafficRouter router = router("""
        alb:
          ingresses: [a, b]
          servicePort: 80
          annotationPrefix: custom.alb.example
          stickinessConfig: {enabled: true, durationSeconds: 3600}
        """);

    router.setWeight(10);

    for (String name : new String[] {"a", "b"}) {
      assertThat(live(name).getMetadata().getAnnotations()).containsEntry("custom.alb.example/actions.web-stable",
          "{\"type\":\"forward\",\"forwardConfig\":{\"targetGroups\":["
              + "{\"serviceName\":\"web-canary\",\"servicePort\":\"80\",\"weight\":10},"
              + "{\"serviceName\":\"web-stable\",\"servicePort\":\"80\",\"weight\":90}],"
              + "\"targetGroupStickinessConfig\":{\"enabled\":true,\"durationSeconds\":3600}}}")
          .doesNotContainKey("alb.ingress.kubernetes.io/actions.web-stable");
    }
    assertThat(router.verifyWeight(10).verified()).isTrue();
  }

  @Test
  void readsBackTheActionAsArgoRolloutsWritesIt() {
    String argo = "{\"Type\":\"forward\",\"ForwardConfig\":{\"TargetGroups\":[{\"Weight\":10,\"ServiceName\":\"web-canary\","
        + "\"ServicePort\":\"80\"},{\"Weight\":90,\"ServiceName\":\"web-stable\",\"ServicePort\":\"80\"}]}}";
    assertThat(ForwardAction.weightOf(argo, "web-canary")).contains(10);
    assertThat(ForwardAction.weightOf(argo, "web-stable")).contains(90);
    assertThat(ForwardAction.weightOf("{\"type\":\"redirect\"}", "web-stable")).isEmpty();
    assertThat(ForwardAction.weightOf("not json", "web-stable")).isEmpty();
  }

  @Test
  void anIngressWithoutARuleOnTheActionIsRefusedBeforeAnyWrite() {
    access.put(ingress("a", "web-stable"));
    access.put(Fixtures.yaml(INGRESS.formatted("b", "b", "web-stable").replace("{name: use-annotation}", "{number: 80}"),
        Ingress.class));
    TrafficRouter router = router("alb: {ingresses: [a, b], servicePort: 80}");

    assertThatThrownBy(() -> router.setWeight(20)).isInstanceOf(InvalidRouteException.class)
        .hasMessageContaining("Ingress ns/b")
        .hasMessageContaining("has no rule with a backend on Service web-stable and port name use-annotation");
    assertThat(access.writes).isEmpty();
  }

  @Test
  void aMissingIngressIsNamedWithItsField() {
    access.put(ingress("a", "web-stable"));
    TrafficRouter router = router("alb: {ingresses: [a, gone], servicePort: 80}");

    assertThatThrownBy(() -> router.setWeight(20)).isInstanceOf(RouteNotFoundException.class)
        .hasMessageContaining("spec.strategy.canary.trafficRouting.alb.ingresses[1]");
    assertThat(access.writes).isEmpty();
    assertThat(router.verifyWeight(0).mismatches()).containsExactly(
        "Ingress ns/a has no alb.ingress.kubernetes.io/actions.web-stable, want canary weight 0",
        "Ingress ns/gone does not exist, want canary weight 0");
  }

  @Test
  void aSpecWithoutIngressOrPortIsRefused() {
    assertThatThrownBy(() -> router("alb: {servicePort: 80}")).isInstanceOf(InvalidRoutingSpecException.class)
        .hasMessageContaining("set ingress or ingresses");
    assertThatThrownBy(() -> router("alb: {ingress: web}")).isInstanceOf(InvalidRoutingSpecException.class)
        .hasMessageContaining("servicePort");
  }

  @Test
  void anActionChangedByHandIsPutBack() {
    access.put(ingress("web", "web-stable"));
    TrafficRouter router = router("alb: {ingress: web, servicePort: 80}");
    router.setWeight(10);
    Ingress changed = live("web");
    changed.getMetadata().getAnnotations().put("alb.ingress.kubernetes.io/actions.web-stable", "{\"type\":\"forward\"}");
    access.put(changed);

    router.setWeight(40);

    assertThat(router.verifyWeight(40).verified()).isTrue();
  }

  /**
   * pingPong: the forward action splits between ping and pong in their current roles, even when canaryService and
   * stableService are set too (as Argo Rollouts' ALB router does); once the roles flip, the Service that took all
   * traffic is the stable one and keeps it.
   */
  @Test
  void withPingPongTheActionSplitsBetweenThePingPongServicesInTheirRoles() {
    access.put(ingress("web", "web-root"));
    TrafficRouting routing = Fixtures.yaml("alb: {ingress: web, servicePort: 8080, rootService: web-root}", TrafficRouting.class);
    TrafficRouter pongCanary = TrafficRouters.forRollout(access, new RoutingTarget("ns", "web-canary", "web-stable", "c1", "s1",
        routing, OWNER, false, new RoutingTarget.PingPongRoles("web-pong", "web-ping")));

    pongCanary.setWeight(100);
    String action = live("web").getMetadata().getAnnotations().get(ACTION);
    assertThat(ForwardAction.weightOf(action, "web-pong")).contains(100);
    assertThat(ForwardAction.weightOf(action, "web-ping")).contains(0);
    assertThat(ForwardAction.weightOf(action, "web-canary")).isEmpty();

    TrafficRouter flipped = TrafficRouters.forRollout(access, new RoutingTarget("ns", "web-canary", "web-stable", "c1", "c1",
        routing, OWNER, false, new RoutingTarget.PingPongRoles("web-ping", "web-pong")));
    assertThat(flipped.verifyWeight(0).verified()).isTrue();
    flipped.setWeight(0);
    action = live("web").getMetadata().getAnnotations().get(ACTION);
    assertThat(ForwardAction.weightOf(action, "web-pong")).contains(100);
    assertThat(ForwardAction.weightOf(action, "web-ping")).contains(0);
  }

  /**
   * Argo's alb-header-route: the route gets an action (all to the canary), its http-header conditions and a rule path
   * ahead of the default one, in managedRoutes order; a step without match and the end of a release remove them.
   */
  @Test
  void aHeaderRouteIsAnActionConditionsAndARulePathAheadOfTheDefault() {
    access.put(ingress("web", "web-root"));
    TrafficRouting routing = Fixtures.yaml("""
        alb: {ingress: web, servicePort: 8080, rootService: web-root}
        managedRoutes: [{name: first}, {name: beta}]
        """, TrafficRouting.class);
    TrafficRouter router = TrafficRouters.forRollout(access, new RoutingTarget("ns", "web-canary", "web-stable", "c1", "s1",
        routing, OWNER, false));
    router.setWeight(20);

    router.setHeaderRoute(Fixtures.yaml("""
        name: beta
        match:
        - {headerName: Custom-Header, headerValue: {exact: Mozilla*}}
        - {headerName: Custom-Header, headerValue: {exact: Chrome*}}
        - {headerName: X-Beta, headerValue: {exact: "1"}}
        """, dev.sluice.api.v1alpha1.SetHeaderRoute.class));
    router.setHeaderRoute(Fixtures.yaml("name: first\nmatch: [{headerName: X-First, headerValue: {exact: yes}}]",
        dev.sluice.api.v1alpha1.SetHeaderRoute.class));
    int writes = access.writes.size();
    router.setHeaderRoute(Fixtures.yaml("name: first\nmatch: [{headerName: X-First, headerValue: {exact: yes}}]",
        dev.sluice.api.v1alpha1.SetHeaderRoute.class));
    assertThat(access.writes).as("idempotent").hasSize(writes);

    Ingress live = live("web");
    assertThat(live.getMetadata().getAnnotations())
        .containsEntry("alb.ingress.kubernetes.io/actions.beta", "{\"type\":\"forward\",\"forwardConfig\":{\"targetGroups\":["
            + "{\"serviceName\":\"web-canary\",\"servicePort\":\"8080\",\"weight\":100}]}}")
        .containsEntry("alb.ingress.kubernetes.io/conditions.beta", "[{\"field\":\"http-header\",\"httpHeaderConfig\":"
            + "{\"httpHeaderName\":\"Custom-Header\",\"values\":[\"Mozilla*\",\"Chrome*\"]}},"
            + "{\"field\":\"http-header\",\"httpHeaderConfig\":{\"httpHeaderName\":\"X-Beta\",\"values\":[\"1\"]}}]");
    assertThat(live.getSpec().getRules().get(0).getHttp().getPaths()).extracting(p -> p.getBackend().getService().getName() + " "
        + p.getBackend().getService().getPort().getName() + " " + p.getPath()).containsExactly(
            "first use-annotation /*", "beta use-annotation /*", "web-root use-annotation /");
    assertThat(router.verifyWeight(20).verified()).as("the weighted action is untouched").isTrue();

    router.setHeaderRoute(Fixtures.yaml("name: beta", dev.sluice.api.v1alpha1.SetHeaderRoute.class));
    live = live("web");
    assertThat(live.getMetadata().getAnnotations()).doesNotContainKeys("alb.ingress.kubernetes.io/actions.beta",
        "alb.ingress.kubernetes.io/conditions.beta").containsKey("alb.ingress.kubernetes.io/actions.first");
    assertThat(live.getSpec().getRules().get(0).getHttp().getPaths()).extracting(p -> p.getBackend().getService().getName())
        .containsExactly("first", "web-root");

    router.removeManagedRoutes();
    live = live("web");
    assertThat(live.getMetadata().getAnnotations()).doesNotContainKey("alb.ingress.kubernetes.io/actions.first")
        .containsKey(ACTION).containsEntry("alb.ingress.kubernetes.io/scheme", "internet-facing");
    assertThat(live.getSpec().getRules().get(0).getHttp().getPaths()).extracting(p -> p.getBackend().getService().getName())
        .containsExactly("web-root");
  }

  private Ingress ingress(String name, String backend) {
    return Fixtures.yaml(INGRESS.formatted(name, name, backend), Ingress.class);
  }

  private Ingress live(String name) {
    return access.get(ObjectRef.of(Ingress.class, "ns", name, "test"));
  }

  private TrafficRouter router(String yaml) {
    return TrafficRouters.forRollout(access, new RoutingTarget("ns", "web-canary", "web-stable", "c1", "s1",
        Fixtures.yaml(yaml, TrafficRouting.class), OWNER, false));
  }
}
