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

    assertThat(problems).containsExactly(new Problem("app.yaml", 26, "spec.strategy.canary.steps[0].setWeight",
        "should be less than or equal to 100"));
    assertThat(problems.get(0)).hasToString("app.yaml:26: spec.strategy.canary.steps[0].setWeight: should be less than or equal to 100");
    assertThat(linter.documents()).isEqualTo(1);
  }

  @Test
  void aValidManifestHasNoProblems() {
    assertThat(new Linter(VALIDATOR).lint("ok.yaml", ROLLOUT.formatted("20"))).isEmpty();
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
          .contains("nor Argo Rollouts' expression language (");
    });
  }

  @Test
  void anUndeclaredArgumentInCountIsReported() {
    List<Problem> problems = new Linter(VALIDATOR).lint("t.yaml",
        TEMPLATE.formatted("result[0] >= 0.95").replace("{{args.runs}}", "{{args.rnus}}"));

    assertThat(problems).extracting(Problem::toString).containsExactly("t.yaml:11: spec.metrics[0].count: count uses"
        + " {{args.rnus}}, but no argument \"rnus\" is declared");
  }
}
