package dev.sluice.kubectl.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldLocatorTest {
  private static final String YAML = """
      # a comment
      apiVersion: sluice.dev/v1alpha1
      kind: Rollout
      metadata:
        name: web
        labels:
          app.kubernetes.io/name: web
      spec:
        strategy:
          canary:
            steps:
            - setWeight: 20
            - pause:
                duration: 30s
            - setMirrorRoute:
                match:
                - headers:
                    x-user:
                      exact: a
      ---
      kind: ConfigMap
      ---

      apiVersion: sluice.dev/v1alpha1
      kind: AnalysisTemplate
      spec:
        metrics: []
      """;

  private static LocatedYaml.Document document(int index) throws LocatedYaml.SyntaxError {
    return LocatedYaml.parse(YAML).get(index);
  }

  @Test
  void fieldsListItemsAndMapKeysMapToTheirLines() throws Exception {
    Located rollout = document(0).location();

    assertThat(FieldLocator.line(rollout, "spec")).isEqualTo(8);
    assertThat(FieldLocator.line(rollout, "spec.strategy.canary.steps")).isEqualTo(11);
    assertThat(FieldLocator.line(rollout, "spec.strategy.canary.steps[0]")).isEqualTo(12);
    assertThat(FieldLocator.line(rollout, "spec.strategy.canary.steps[0].setWeight")).isEqualTo(12);
    assertThat(FieldLocator.line(rollout, "spec.strategy.canary.steps[1].pause.duration")).isEqualTo(14);
    assertThat(FieldLocator.line(rollout, "spec.strategy.canary.steps[2].setMirrorRoute.match[0].headers[x-user]")).isEqualTo(18);
    assertThat(FieldLocator.line(rollout, "metadata.labels[app.kubernetes.io/name]")).isEqualTo(7);
  }

  @Test
  void aMissingFieldPointsAtItsNearestAncestorOrTheDocument() throws Exception {
    Located rollout = document(0).location();

    assertThat(FieldLocator.line(rollout, "spec.selector")).isEqualTo(8);
    assertThat(FieldLocator.line(rollout, "spec.strategy.canary.steps[7].setWeight")).isEqualTo(11);
    assertThat(FieldLocator.line(rollout, "")).isEqualTo(2);
    assertThat(FieldLocator.line(document(2).location(), "spec.metrics")).isEqualTo(27);
    assertThat(FieldLocator.line(document(2).location(), "metadata.name")).isEqualTo(24);
  }

  @Test
  void documentsAreReadAsJacksonReadsThem() throws Exception {
    ObjectMapper jackson = new ObjectMapper(new YAMLFactory());
    List<LocatedYaml.Document> documents = LocatedYaml.parse(YAML);

    assertThat(documents).hasSize(3);
    assertThat(documents.get(0).root()).isEqualTo(jackson.readTree(YAML.substring(0, YAML.indexOf("---"))));
    assertThat(documents.get(1).root().path("kind").asText()).isEqualTo("ConfigMap");
  }

  @Test
  void scalarsKeepTheirYamlTypes() throws Exception {
    var root = LocatedYaml.parse("i: 3\nbig: 12345678901\nf: 0.5\nb: true\nn: null\ns: '3'\nq: \"yes\"\n").get(0).root();

    assertThat(root.get("i").isInt()).isTrue();
    assertThat(root.get("big").isLong()).isTrue();
    assertThat(root.get("f").isDouble()).isTrue();
    assertThat(root.get("b").isBoolean()).isTrue();
    assertThat(root.get("n").isNull()).isTrue();
    assertThat(root.get("s").isTextual()).isTrue();
    assertThat(root.get("q").asText()).isEqualTo("yes");
  }

  @Test
  void aSyntaxErrorCarriesItsLine() {
    assertThatThrownBy(() -> LocatedYaml.parse("a: 1\nb: [1, 2\nc: 3\n"))
        .isInstanceOfSatisfying(LocatedYaml.SyntaxError.class, e -> assertThat(e.line()).isBetween(2, 3));
  }

  @Test
  void pathSegments() {
    assertThat(FieldLocator.segments("a.b[0].c[key.with.dots].d")).containsExactly("a", "b", "0", "c", "key.with.dots", "d");
    assertThat(FieldLocator.segments("")).isEmpty();
  }
}
