package dev.sluice.kubectl.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.validation.ManifestValidator;
import dev.sluice.kubectl.lint.Linter.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinterTest {
  private static final ManifestValidator VALIDATOR = new ManifestValidator();

  private static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata:
        name: web
      spec:
        replicas: 2
        selector:
          matchLabels:
            app: web
        template:
          metadata:
            labels:
              app: web
          spec:
            containers:
            - name: web
              image: registry.example/web:1.0
        strategy:
          canary:
            steps:
            - setWeight: %s
      """;

  @Test
  void skipsOtherApisAndPlacesProblemsOnTheirLines() {
    Linter linter = new Linter(VALIDATOR);
    String stream = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n" + ROLLOUT.formatted("120");

    List<Problem> problems = linter.lint("app.yaml", stream);

    String message = "setWeight and setCanaryScale.weight need to be between 0 and trafficRouting.maxTrafficWeight (100 when unset)";
    assertThat(problems).containsExactly(new Problem("app.yaml", 25, "spec.strategy.canary.steps", message));
    assertThat(problems.get(0)).hasToString("app.yaml:25: spec.strategy.canary.steps: " + message);
    assertThat(linter.documents()).isEqualTo(1);
  }

  @Test
  void aValidManifestHasNoProblems() {
    assertThat(new Linter(VALIDATOR).lint("ok.yaml", ROLLOUT.formatted("20"))).isEmpty();
  }

  @Test
  void aProblemOnlyTheControllerFindsSaysSo() {
    String mismatched = ROLLOUT.formatted("20").replace("labels:\n        app: web", "labels:\n        app: api");

    List<Problem> problems = new Linter(VALIDATOR).lint("sel.yaml", mismatched);

    assertThat(problems).extracting(Problem::toString).containsExactly("sel.yaml:7: spec.selector: selector does not "
        + "match template labels (checked by the controller, not the API server: apply succeeds, the Rollout then stops "
        + "as InvalidSpec)");
  }

  @Test
  void anAnalysisRunWithOnlyAGenerateNameIsValidAndABadNameIsNot() {
    String run = """
        apiVersion: sluice.dev/v1alpha1
        kind: AnalysisRun
        metadata:
          %s
        spec:
          metrics:
          - name: up
            successCondition: result[0] == 1
            provider:
              prometheus: {address: "http://prometheus:9090", query: up}
        """;

    assertThat(new Linter(VALIDATOR).lint("run.yaml", run.formatted("generateName: web-"))).isEmpty();
    assertThat(new Linter(VALIDATOR).lint("run.yaml", run.formatted("name: Success_Rate"))).singleElement()
        .satisfies(p -> assertThat(p.toString()).startsWith("run.yaml:4: metadata.name: Invalid value: \"Success_Rate\": "
            + "a lowercase RFC 1123 subdomain"));
  }

  @Test
  void aTypoInASluiceKindIsReportedNotSkipped() {
    List<Problem> problems = new Linter(VALIDATOR).lint("typo.yaml", "apiVersion: sluice.dev/v1alpha1\nkind: Rolout\nmetadata:\n  name: x\n");

    assertThat(problems).extracting(Problem::toString).containsExactly("typo.yaml:2: kind: unknown kind \"Rolout\"");
  }

  @Test
  void invalidYamlIsOneProblemWithItsLine() {
    List<Problem> problems = new Linter(VALIDATOR).lint("bad.yaml", "apiVersion: sluice.dev/v1alpha1\nkind: [Rollout\n");

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.line()).isGreaterThanOrEqualTo(2);
      assertThat(p.message()).startsWith("invalid YAML: ");
    });
  }

  private static final String TEMPLATE = """
      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      metadata:
        name: success-rate
      spec:
        args:
        - name: runs
        metrics:
        - name: success-rate
          interval: 1m
          count: "{{args.runs}}"
          successCondition: %s
          provider:
            prometheus:
              address: http://prometheus:9090
              query: sum(rate(http_requests_total[1m]))
      """;

  @Test
  void conditionsInCelOrArgosExpressionLanguagePass() {
    for (String condition : List.of("result[0] >= 0.95", "\"len(result) > 0 && all(result, # < 1000)\"",
        "default(result, 0) < 0.05", "result.all(x, x < 1.0)")) {
      assertThat(new Linter(VALIDATOR).lint("t.yaml", TEMPLATE.formatted(condition))).as(condition).isEmpty();
    }
  }

  @Test
  void aConditionNeitherLanguageReadsIsReportedOnItsLine() {
    List<Problem> problems = new Linter(VALIDATOR).lint("t.yaml", TEMPLATE.formatted("\"result[0] >\""));

    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.line()).isEqualTo(12);
      assertThat(p.field()).isEqualTo("spec.metrics[0].successCondition");
      assertThat(p.message()).startsWith("neither CEL (")
          .contains("nor Argo Rollouts' expression language (").endsWith(Linter.ANALYSIS_CONTROLLER_ONLY);
    });
  }

  @Test
  void anUndeclaredArgumentInCountIsReported() {
    List<Problem> problems = new Linter(VALIDATOR).lint("t.yaml",
        TEMPLATE.formatted("result[0] >= 0.95").replace("{{args.runs}}", "{{args.rnus}}"));

    assertThat(problems).extracting(Problem::toString).containsExactly("t.yaml:11: spec.metrics[0].count: count uses"
        + " {{args.rnus}}, but no argument \"rnus\" is declared" + Linter.ANALYSIS_CONTROLLER_ONLY);
  }
}
