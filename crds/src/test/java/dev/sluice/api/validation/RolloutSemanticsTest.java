package dev.sluice.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.RolloutSpec;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RolloutSemanticsTest {
  @Test
  void selectorThatDoesNotMatchTemplateLabelsIsRejected() {
    RolloutSpec spec = spec(Map.of("app", "web"), Map.of("app", "api"));
    assertThat(RolloutSemantics.check(spec))
        .containsExactly(new Violation("spec.selector", "selector does not match template labels"));
  }

  @Test
  void selectorMatchingASubsetOfLabelsIsAccepted() {
    assertThat(RolloutSemantics.check(spec(Map.of("app", "web"), Map.of("app", "web", "tier", "front")))).isEmpty();
  }

  @Test
  void emptySelectorIsRejected() {
    assertThat(RolloutSemantics.check(spec(Map.of(), Map.of("app", "web"))))
        .extracting(Violation::field).containsExactly("spec.selector");
  }

  @Test
  void matchExpressionsFollowKubernetesSemantics() {
    var selector = new LabelSelectorBuilder()
        .addNewMatchExpression().withKey("tier").withOperator("In").withValues("front", "edge").endMatchExpression()
        .addNewMatchExpression().withKey("legacy").withOperator("DoesNotExist").endMatchExpression()
        .build();
    assertThat(RolloutSemantics.matches(selector, Map.of("tier", "edge"))).isTrue();
    assertThat(RolloutSemantics.matches(selector, Map.of("tier", "back"))).isFalse();
    assertThat(RolloutSemantics.matches(selector, Map.of("tier", "front", "legacy", "yes"))).isFalse();
  }

  @Test
  void mirrorRouteHeaderValuesNeedExactlyOneMatcher() {
    RolloutSpec spec = spec(Map.of("app", "web"), Map.of("app", "web"));
    var match = new dev.sluice.api.v1alpha1.RouteMatch();
    var twoMatchers = new dev.sluice.api.v1alpha1.StringMatch();
    twoMatchers.exact = "a";
    twoMatchers.prefix = "b";
    var oneMatcher = new dev.sluice.api.v1alpha1.StringMatch();
    oneMatcher.regex = "^b";
    match.headers = new java.util.TreeMap<>(Map.of("x-beta", twoMatchers, "x-team", oneMatcher));
    var mirror = new dev.sluice.api.v1alpha1.SetMirrorRoute();
    mirror.name = "mirror";
    mirror.match = java.util.List.of(match);
    var step = new dev.sluice.api.v1alpha1.CanaryStep();
    step.setMirrorRoute = mirror;
    spec.strategy = new dev.sluice.api.v1alpha1.RolloutStrategy();
    spec.strategy.canary = new dev.sluice.api.v1alpha1.CanaryStrategy();
    spec.strategy.canary.steps = java.util.List.of(new dev.sluice.api.v1alpha1.CanaryStep(), step);
    assertThat(RolloutSemantics.check(spec)).containsExactly(new Violation(
        "spec.strategy.canary.steps[1].setMirrorRoute.match[0].headers[x-beta]", "exactly one of exact, prefix, regex must be set"));
  }

  private static RolloutSpec spec(Map<String, String> selector, Map<String, String> labels) {
    RolloutSpec spec = new RolloutSpec();
    spec.selector = new LabelSelectorBuilder().withMatchLabels(selector).build();
    spec.template = new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata().build();
    return spec;
  }
}
