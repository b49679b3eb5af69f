package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.evaluation.AnalysisSpecValidator;
import dev.sluice.api.v1alpha1.AnalysisTemplateSpec;
import dev.sluice.api.validation.ManifestValidator;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.OperatorProcess;
import dev.sluice.testing.RepoPaths;
import dev.sluice.testing.Scripts;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every object under examples/ (examples/gitops/ is tested by its own suite) is valid for the offline validator and
 * for a real API server, Kustomize directories render, and the Gateway API canary releases a new version for real.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class ExamplesTest {
  static final Path EXAMPLES = RepoPaths.resolve("examples");
  static final Path TESTED_ELSEWHERE = EXAMPLES.resolve("gitops");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Path kubectl;

  /** One YAML document of an example file, or of a Kustomize directory's output. */
  record Example(String source, int index, JsonNode manifest) {
    String kind() {
      return manifest.path("kind").asText();
    }

    @Override
    public String toString() {
      return source + " #" + index + " " + kind() + "/" + manifest.at("/metadata/name").asText();
    }
  }

  static Stream<Example> objects() throws IOException {
    List<Example> out = new ArrayList<>();
    for (Path file : yamlFiles().toList()) {
      String source = EXAMPLES.relativize(file).toString();
      if (file.getFileName().toString().equals("kustomization.yaml")) {
        out.addAll(parse("kustomize " + EXAMPLES.relativize(file.getParent()), kustomize(file.getParent())));
      } else {
        out.addAll(parse(source, Files.readString(file)));
      }
    }
    return out.stream();
  }

  static Stream<Example> sluiceObjects() throws IOException {
    return objects().filter(e -> e.manifest().path("apiVersion").asText().startsWith("sluice.dev/"));
  }

  static Stream<Path> yamlFiles() throws IOException {
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      return files.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(TESTED_ELSEWHERE)).sorted().toList().stream();
    }
  }

  @Test
  void thereAreExamplesOfEveryKindTheDocsPromise() throws IOException {
    assertThat(objects().map(Example::kind).distinct())
        .contains("Rollout", "AnalysisTemplate", "Service", "HTTPRoute", "Gateway", "VirtualService", "DestinationRule",
            "Ingress");
    assertThat(sluiceObjects().filter(e -> e.manifest().at("/spec/strategy/canary/trafficRouting/smi").isObject()))
        .as("a Rollout through an SMI TrafficSplit").isNotEmpty();
    assertThat(objects().map(Example::kind)).as("a Traefik weighted round robin").contains("TraefikService", "IngressRoute");
    assertThat(objects().map(Example::kind)).as("APISIX and Ambassador routes").contains("ApisixRoute", "Mapping");
    assertThat(objects().map(Example::kind)).as("App Mesh").contains("VirtualRouter", "VirtualNode");
    assertThat(sluiceObjects().filter(e -> e.manifest().has("spec") && e.manifest().at("/spec/strategy/blueGreen").isObject()))
        .isNotEmpty();
    assertThat(sluiceObjects().filter(e -> e.manifest().at("/spec/gitRevert/enabled").asBoolean()))
        .as("a Rollout with spec.gitRevert, rendered from the GitOps layout's overlay").isNotEmpty();
  }

  @ParameterizedTest
  @MethodSource("yamlFiles")
  void everyFileSaysWhatItShows(Path file) throws IOException {
    assertThat(Files.readAllLines(file).get(0)).as("the first line of %s", file).startsWith("# ");
  }

  @ParameterizedTest
  @MethodSource("sluiceObjects")
  void sluiceObjectPassesTheOfflineValidator(Example example) {
    assertThat(new ManifestValidator().validate(example.manifest())).as(example.toString()).isEmpty();
    if (example.kind().endsWith("AnalysisTemplate")) {
      AnalysisTemplateSpec spec = YAML.convertValue(example.manifest().get("spec"), AnalysisTemplateSpec.class);
      assertThat(new AnalysisSpecValidator(new ConditionCompiler()).validate(spec)).as(example.toString()).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource("objects")
  void objectIsAcceptedByTheApiServer(Example example, KubernetesClient client, TestNamespace ns) {
    GenericKubernetesResource resource = YAML.convertValue(example.manifest(), GenericKubernetesResource.class);
    if (!example.kind().startsWith("Cluster")) {
      resource.getMetadata().setNamespace(ns.name());
    }
    GenericKubernetesResource answer = client.resource(resource).dryRun().fieldValidation(Validation.STRICT)
        .fieldManager("examples-test").forceConflicts().serverSideApply();
    assertThat(answer.getKind()).isEqualTo(example.kind());
    assertThat(answer.getMetadata().getName()).isEqualTo(resource.getMetadata().getName());
  }

  @Test
  void theApiServerCheckCatchesATypoAndAKindWithoutItsCrd(KubernetesClient client, TestNamespace ns) throws IOException {
    Example rollout = objects().filter(e -> e.source().equals("canary-gateway-api/rollout.yaml")).findFirst().orElseThrow();
    JsonNode typo = rollout.manifest().deepCopy();
    ((ObjectNode) typo.get("spec")).put("replica", 4);
    assertThatThrownBy(() -> objectIsAcceptedByTheApiServer(new Example("typo", 0, typo), client, ns))
        .isInstanceOf(KubernetesClientException.class).hasMessageContaining("replica");

    JsonNode unknown = YAML.readTree("{apiVersion: example.com/v1, kind: Frobnicator, metadata: {name: x}}");
    assertThatThrownBy(() -> objectIsAcceptedByTheApiServer(new Example("unknown kind", 0, unknown), client, ns))
        .isInstanceOf(KubernetesClientException.class);
  }

  @Test
  void gatewayApiCanaryReleasesANewVersionAndEndsHealthy(KubernetesClient client, TestNamespace ns) throws IOException {
    Path dir = EXAMPLES.resolve("canary-gateway-api");
    List<GenericKubernetesResource> resources = new ArrayList<>();
    for (Path file : Files.list(dir).filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
      parse(file.toString(), Files.readString(file))
          .forEach(e -> resources.add(YAML.convertValue(e.manifest(), GenericKubernetesResource.class)));
    }
    try (OperatorProcess operator = OperatorProcess.start(TestCluster.get())) {
      resources.forEach(r -> apply(client, ns, r));
      CanaryFixture app = new CanaryFixture(client, ns.name());
      Eventually.until("the first revision Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(app.phase()));
      String v1 = (String) app.status().get("stableRS");

      JsonNode rollout = YAML.valueToTree(resources.stream().filter(r -> r.getKind().equals("Rollout")).findFirst().orElseThrow());
      ObjectNode container = (ObjectNode) rollout.at("/spec/template/spec/containers/0");
      assertThat(container.path("image").asText()).isEqualTo("nginx:1.27");
      container.put("image", "nginx:1.28");
      apply(client, ns, YAML.convertValue(rollout, GenericKubernetesResource.class));
      Eventually.until("the pause at 20% until promoted", Duration.ofMinutes(2),
          () -> "Paused".equals(app.phase()) && Integer.valueOf(1).equals(app.status().get("currentStepIndex")));
      assertThat(app.routeWeights()).isEqualTo("20/80");

      app.patchStatus("{\"status\":{\"pauseConditions\":null}}");
      Eventually.until("50% during the timed pause", Duration.ofMinutes(1), () -> "50/50".equals(app.routeWeights()));
      Eventually.until("the new revision Healthy", Duration.ofMinutes(2),
          () -> "Healthy".equals(app.phase()) && !v1.equals(app.status().get("stableRS")));
      assertThat(app.routeWeights()).isEqualTo("0/100");
      assertThat(app.serviceHash("web-stable")).isEqualTo(app.status().get("stableRS"));
    }
  }

  /** Its first revision needs no analysis (there is nothing to compare it with), so it runs without Prometheus. */
  @Test
  @SuppressWarnings("unchecked")
  void blueGreenFirstRevisionBecomesActiveAndHealthy(KubernetesClient client, TestNamespace ns) throws IOException {
    Path dir = EXAMPLES.resolve("blue-green");
    try (OperatorProcess operator = OperatorProcess.start(TestCluster.get())) {
      // services.yaml before rollout.yaml, as the example's numbering says
      for (Path file : Files.list(dir).filter(p -> p.toString().endsWith(".yaml")).sorted(Comparator.reverseOrder()).toList()) {
        parse(file.toString(), Files.readString(file))
            .forEach(e -> apply(client, ns, YAML.convertValue(e.manifest(), GenericKubernetesResource.class)));
      }
      var rollouts = client.genericKubernetesResources("sluice.dev/v1alpha1", "Rollout").inNamespace(ns.name());
      Supplier<Map<String, Object>> status = () -> {
        Object value = rollouts.withName("api").get().getAdditionalProperties().get("status");
        return value == null ? Map.of() : (Map<String, Object>) value;
      };
      Eventually.until("the first revision Healthy", Duration.ofMinutes(2), () -> "Healthy".equals(status.get().get("phase")));
      String active = client.services().inNamespace(ns.name()).withName("api-active").get().getSpec().getSelector()
          .get("sluice.dev/pod-template-hash");
      assertThat(active).isEqualTo(status.get().get("stableRS"));
      assertThat(client.apps().replicaSets().inNamespace(ns.name()).withName("api-" + active).get().getStatus()
          .getAvailableReplicas()).isEqualTo(3);
    }
  }

  private static void apply(KubernetesClient client, TestNamespace ns, GenericKubernetesResource resource) {
    resource.getMetadata().setNamespace(ns.name());
    client.resource(resource).fieldManager("gitops-agent").forceConflicts().serverSideApply();
  }

  private static List<Example> parse(String source, String yaml) {
    List<Example> out = new ArrayList<>();
    try {
      var parser = YAML.getFactory().createParser(yaml);
      var documents = YAML.readValues(parser, JsonNode.class);
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isNull() && !document.isEmpty()) {
          out.add(new Example(source, out.size(), document));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(source, e);
    }
    return out;
  }

  /** The directory rendered by `kubectl kustomize`, with the kubectl that hack/ builds. */
  private static synchronized String kustomize(Path dir) {
    if (kubectl == null) {
      kubectl = Path.of(Scripts.lastLine(Scripts.run(RepoPaths.resolve("hack/build-control-plane.sh")))).resolve("kubectl");
    }
    try {
      Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("kubectl kustomize " + dir + " failed");
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
