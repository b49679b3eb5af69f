package dev.sluice.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.api.validation.Violation.Checker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator says what the API server says on create, and everything it can beyond that, marked as such. */
class ManifestValidatorTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ManifestValidator VALIDATOR = new ManifestValidator();

  private static final String ROLLOUT = """
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata:
        %s
      spec:
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: %s}
          spec:
            containers:
            - name: web
              image: registry.example/web:1.0
        strategy:
          canary:
            steps:
            %s
      """;

  private static List<Violation> validate(String yaml) throws Exception {
    return VALIDATOR.validate(YAML.readTree(yaml));
  }

  private static List<Violation> rollout(String metadata, String templateApp, String steps) throws Exception {
    return validate(ROLLOUT.formatted(metadata, templateApp, steps));
  }

  @Test
  void aNameThatIsNotADnsSubdomainIsRefusedInTheApiServersWords() throws Exception {
    assertThat(rollout("name: Success_Rate", "web", "- setWeight: 20")).singleElement().satisfies(v -> {
      assertThat(v.field()).isEqualTo("metadata.name");
      assertThat(v.message()).startsWith("Invalid value: \"Success_Rate\": a lowercase RFC 1123 subdomain");
      assertThat(v.checker()).isEqualTo(Checker.API_SERVER);
    });
    assertThat(rollout("name: " + "a".repeat(254), "web", "- setWeight: 20")).extracting(Violation::message)
        .anySatisfy(m -> assertThat(m).endsWith("must be no more than 253 characters"));
    assertThat(rollout("name: web.prod-1", "web", "- setWeight: 20")).isEmpty();
  }

  @Test
  void generateNameStandsInForTheNameAndNeitherIsRequired() throws Exception {
    String run = """
        apiVersion: sluice.dev/v1alpha1
        kind: AnalysisRun
        metadata:
          %s
        spec:
          metrics:
          - name: ok
            successCondition: result[0] > 0
            provider:
              prometheus: {address: "http://prometheus:9090", query: up}
        """;

    assertThat(validate(run.formatted("generateName: web-7c9d-"))).isEmpty();
    assertThat(validate(run.formatted("labels: {app: web}"))).containsExactly(
        new Violation("metadata.name", "Required value: name or generateName is required"));
    assertThat(validate(run.formatted("generateName: Web_"))).extracting(Violation::field)
        .containsExactly("metadata.generateName");
  }

  @Test
  void labelKeysAndValuesAreCheckedAsTheApiServerDoes() throws Exception {
    assertThat(rollout("name: web\n  labels: {\"bad key!\": x, ok: \"-bad-value\"}", "web", "- setWeight: 20"))
        .extracting(Violation::field).containsExactly("metadata.labels", "metadata.labels");
  }

  @Test
  void metadataOfTheWrongShapeIsRefusedAsKubectlCannotDecodeIt() throws Exception {
    assertThat(rollout("name: web\n  labels: {replicas: 3}", "web", "- setWeight: 20")).containsExactly(
        new Violation("metadata.labels", "must be a map of strings: \"replicas\" is not a string"));
    assertThat(rollout("name: 5", "web", "- setWeight: 20")).containsExactly(
        new Violation("metadata.name", "must be of type string"));
  }

  @Test
  void aParentsRulesAreStillEvaluatedAfterAChildRuleFails() throws Exception {
    List<Violation> violations = validate("""
        apiVersion: sluice.dev/v1alpha1
        kind: AnalysisTemplate
        metadata: {name: t}
        spec:
          metrics:
          - name: a
            provider: {}
        """);

    assertThat(violations).extracting(Violation::field)
        .containsExactlyInAnyOrder("spec.metrics[0].provider", "spec.metrics[0]");
  }

  @Test
  void unknownFieldsArePrunedBeforeTheRulesSeeTheObject() throws Exception {
    // Pruned, the first step is a plain setWeight (one action): only the unknown field is wrong. The second step is
    // empty once pruned, so the one-action rule fails there as it does in the API server.
    List<Violation> violations = rollout("name: web", "web", "- {setWeight: 20, experiment: {}}\n      - experiment: {}");

    assertThat(violations).extracting(Violation::toString).containsExactlyInAnyOrder(
        "spec.strategy.canary.steps[0].experiment: unknown field \"experiment\"",
        "spec.strategy.canary.steps[1].experiment: unknown field \"experiment\"",
        "spec.strategy.canary.steps[1]: a step needs one of setWeight, pause, setCanaryScale, analysis, "
            + "setHeaderRoute, setMirrorRoute");
  }

  @Test
  void aFieldSetToNullIsDroppedBeforeTheRulesSeeTheObject() throws Exception {
    assertThat(rollout("name: web", "web", "- {setWeight: 20, pause: null}")).isEmpty();
  }

  @Test
  void rulesAboveAValueOfTheWrongTypeAreSkippedNotReportedAsErrors() throws Exception {
    List<Violation> violations = rollout("name: web", "web", "- setWeight: twenty");

    assertThat(violations).containsExactly(new Violation("spec.strategy.canary.steps[0].setWeight", "must be of type integer"));
  }

  @Test
  void whatOnlyTheControllerRefusesIsMarkedAsSuch() throws Exception {
    List<Violation> violations = rollout("name: web", "api", "- setWeight: 20");

    assertThat(violations).containsExactly(
        new Violation("spec.selector", "selector does not match template labels", Checker.CONTROLLER));
  }

  @Test
  void theStatusOfANewObjectIsIgnoredAsTheStatusSubresourceDoes() throws Exception {
    String withStatus = ROLLOUT.formatted("name: web", "web", "- setWeight: 20") + "status:\n  phase: 7\n  bogus: x\n";

    assertThat(validate(withStatus)).isEmpty();
  }
}
