package dev.sluice.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * How many of Argo Rollouts' own example and e2e manifests (apiVersion changed to sluice.dev, nothing else; see the
 * README next to them) {@code kubectl sluice lint}'s validator accepts: overall, for the subset that uses only the
 * traffic routers and metric providers Sluice has, and for that subset without experiment steps (experiments are not
 * part of the Rollout API issue). Every refusal is named by the feature Sluice lacks ({@link ArgoFeatures}); a refusal
 * no feature names fails the test. Prints the figures, each refused document with its features and causes, and how
 * many documents each feature costs; fails if a figure drops below the floor measured when it was last raised.
 *
 * <p>LintApiServerAgreementTest (kubectl-plugin, cluster) checks that the API server refuses the same documents.
 */
class ArgoCorpusTest {
  static final Path CORPUS = Path.of("src/test/resources/argo-corpus");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final CrdCatalog CATALOG = CrdCatalog.load();
  static final ManifestValidator VALIDATOR = new ManifestValidator(CATALOG);
  static final ArgoFeatures FEATURES = ArgoFeatures.load(Path.of("src/test/resources/argo-corpus-features.txt"));

  /** Raise these when a change makes more of the corpus pass; never lower them. */
  static final int ACCEPTED_FLOOR = 82;
  static final int SUBSET_ACCEPTED_FLOOR = 82;
  static final int SUBSET_WITHOUT_EXPERIMENTS_ACCEPTED_FLOOR = 82;

  /** Argo Rollouts' traffic routers (fields of canary.trafficRouting that name one). */
  static final Set<String> ARGO_ROUTERS = Set.of("istio", "nginx", "alb", "smi", "ambassador", "appMesh", "traefik",
      "apisix", "plugins");
  /** Argo router plugins Sluice has in-tree, under another name: the Gateway API plugin is trafficRouting.gatewayAPI. */
  static final Set<String> ROUTER_PLUGINS = Set.of("argoproj-labs/gatewayAPI");

  record Outcome(String source, String kind, String name, boolean inSubset, boolean usesExperiments,
                 List<String> causes, Set<String> features) {
    boolean accepted() {
      return causes.isEmpty();
    }
  }

  @Test
  void measuresAcceptanceOfArgoRolloutsManifests() throws IOException {
    List<Outcome> outcomes = outcomes();
    List<Outcome> subset = outcomes.stream().filter(Outcome::inSubset).toList();
    List<Outcome> withoutExperiments = subset.stream().filter(o -> !o.usesExperiments()).toList();

    StringBuilder report = new StringBuilder("\nArgo Rollouts corpus (").append(CORPUS).append(")\n");
    for (Outcome o : outcomes) {
      if (!o.accepted()) {
        report.append("  refused ").append(o.source()).append(" ").append(o.kind()).append("/").append(o.name())
            .append(o.inSubset() ? " [subset]" : "").append(": ").append(String.join(", ", o.features()))
            .append("\n      ").append(String.join("; ", o.causes())).append('\n');
      }
    }
    report.append("Missing features (documents refused for each), all:\n").append(featureCounts(outcomes));
    report.append("Missing features, subset (routers and providers Sluice has):\n").append(featureCounts(subset));
    report.append(figure("all documents", outcomes)).append(figure("subset", subset))
        .append(figure("subset without experiment steps", withoutExperiments));
    System.out.println(report);

    assertThat(outcomes).as("corpus documents").hasSizeGreaterThanOrEqualTo(100);
    assertThat(accepted(outcomes)).as("accepted documents overall (floor)").isGreaterThanOrEqualTo(ACCEPTED_FLOOR);
    assertThat(accepted(subset)).as("accepted documents in the subset (floor)").isGreaterThanOrEqualTo(SUBSET_ACCEPTED_FLOOR);
    assertThat(accepted(withoutExperiments)).as("accepted documents in the subset without experiments (floor)")
        .isGreaterThanOrEqualTo(SUBSET_WITHOUT_EXPERIMENTS_ACCEPTED_FLOOR);
  }

  @Test
  void everyRefusalNamesTheMissingFeature() throws IOException {
    Set<String> unnamed = new TreeSet<>();
    for (Outcome o : outcomes()) {
      o.causes().stream().filter(c -> FEATURES.featureOf(c).isEmpty()).forEach(unnamed::add);
    }
    assertThat(unnamed).as("refusals no line of argo-corpus-features.txt names: add one naming the feature").isEmpty();

    for (Outcome o : outcomes()) {
      if (!o.accepted()) {
        assertThat(o.features()).as("features that refuse %s %s/%s (only consequences: %s)", o.source(), o.kind(),
            o.name(), o.causes()).isNotEmpty();
      }
    }
  }

  @Test
  void everyRefusalNamesAField() throws IOException {
    for (Outcome o : outcomes()) {
      assertThat(o.causes()).as(o.source()).allSatisfy(c -> assertThat(c).matches("^[^:]+: .+"));
    }
  }

  static List<Outcome> outcomes() throws IOException {
    List<Outcome> out = new ArrayList<>();
    List<Path> files;
    try (Stream<Path> s = Files.list(CORPUS)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          if (doc == null || !VALIDATOR.handles(doc)) {
            continue;
          }
          List<String> causes = new LinkedHashSet<>(VALIDATOR.validate(doc).stream()
              .map(v -> v.field().replaceAll("\\[\\d+]", "[*]") + ": " + v.message()).toList()).stream().toList();
          Set<String> features = new TreeSet<>();
          causes.forEach(c -> FEATURES.featureOf(c).filter(Predicate.not(ArgoFeatures.CONSEQUENCE::equals)).ifPresent(features::add));
          out.add(new Outcome(file.getFileName().toString(), doc.path("kind").asText(),
              doc.path("metadata").path("name").asText(doc.path("metadata").path("generateName").asText()),
              inSubset(doc), usesExperiments(doc), causes, features));
        }
      }
    }
    return out;
  }

  /**
   * Whether the document uses only the traffic routers and metric providers Sluice has (or none): those its CRDs
   * declare, read from the schemas, so a new router or provider widens the subset by itself.
   */
  static boolean inSubset(JsonNode doc) {
    JsonNode routing = doc.path("spec").path("strategy").path("canary").path("trafficRouting");
    Set<String> routers = fieldNames(CATALOG.schema("Rollout").orElseThrow().at(
        "/properties/spec/properties/strategy/properties/canary/properties/trafficRouting/properties"));
    for (Iterator<String> it = routing.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (ARGO_ROUTERS.contains(field) && !field.equals("plugins") && !routers.contains(field)) {
        return false;
      }
    }
    for (Iterator<String> it = routing.path("plugins").fieldNames(); it.hasNext(); ) {
      if (!ROUTER_PLUGINS.contains(it.next())) {
        return false;
      }
    }
    Set<String> providers = fieldNames(CATALOG.schema("AnalysisTemplate").orElseThrow().at(
        "/properties/spec/properties/metrics/items/properties/provider/properties"));
    for (JsonNode metric : doc.path("spec").path("metrics")) {
      for (Iterator<String> it = metric.path("provider").fieldNames(); it.hasNext(); ) {
        if (!providers.contains(it.next())) {
          return false;
        }
      }
    }
    return true;
  }

  static boolean usesExperiments(JsonNode doc) {
    for (JsonNode step : doc.path("spec").path("strategy").path("canary").path("steps")) {
      if (step.has("experiment")) {
        return true;
      }
    }
    return false;
  }

  private static Set<String> fieldNames(JsonNode properties) {
    Set<String> names = new TreeSet<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static long accepted(List<Outcome> outcomes) {
    return outcomes.stream().filter(Outcome::accepted).count();
  }

  private static String figure(String label, List<Outcome> outcomes) {
    long accepted = accepted(outcomes);
    return String.format("ACCEPTED %s: %d/%d (%.0f%%)%n", label, accepted, outcomes.size(),
        outcomes.isEmpty() ? 0.0 : 100.0 * accepted / outcomes.size());
  }

  private static String featureCounts(List<Outcome> outcomes) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Outcome o : outcomes) {
      o.features().forEach(f -> counts.merge(f, 1, Integer::sum));
    }
    StringBuilder b = new StringBuilder();
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
            .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> b.append(String.format("  %3d  %s%n", e.getValue(), e.getKey())));
    return b.toString();
  }
}
