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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * How many of Argo Rollouts' own example and e2e manifests (apiVersion changed to sluice.dev, nothing else; see the
 * README next to them) the offline validator of {@code kubectl sluice lint} accepts, overall and for the subset that
 * uses only the traffic routers and metric providers Sluice has. Prints the figures, each refusal with its causes,
 * and the commonest causes; fails if a figure drops below the floor measured when it was last raised.
 */
class ArgoCorpusTest {
  static final Path CORPUS = Path.of("src/test/resources/argo-corpus");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ManifestValidator VALIDATOR = new ManifestValidator();

  /** Raise these when a change makes more of the corpus pass; never lower them. */
  static final int ACCEPTED_FLOOR = 32;
  static final int SUBSET_ACCEPTED_FLOOR = 32;

  /** Routers Sluice has: Istio, and the Gateway API (an Argo plugin, in-tree in Sluice). */
  static final Set<String> ROUTERS = Set.of("istio", "managedRoutes", "plugins");
  static final Set<String> ROUTER_PLUGINS = Set.of("argoproj-labs/gatewayAPI");
  static final Set<String> PROVIDERS = Set.of("prometheus");

  record Outcome(String source, String kind, String name, boolean inSubset, List<String> causes) {
    boolean accepted() {
      return causes.isEmpty();
    }
  }

  @Test
  void measuresAcceptanceOfArgoRolloutsManifests() throws IOException {
    List<Outcome> outcomes = outcomes();
    long accepted = outcomes.stream().filter(Outcome::accepted).count();
    List<Outcome> subset = outcomes.stream().filter(Outcome::inSubset).toList();
    long subsetAccepted = subset.stream().filter(Outcome::accepted).count();

    StringBuilder report = new StringBuilder("\nArgo Rollouts corpus (").append(CORPUS).append(")\n");
    for (Outcome o : outcomes) {
      if (!o.accepted()) {
        report.append("  refused ").append(o.source()).append(" ").append(o.kind()).append("/").append(o.name())
            .append(o.inSubset() ? " [subset]" : "").append(": ").append(String.join("; ", o.causes())).append('\n');
      }
    }
    report.append("Top causes (documents refused for each), all:\n").append(topCauses(outcomes));
    report.append("Top causes, subset (Gateway API/Istio/no router; Prometheus):\n").append(topCauses(subset));
    report.append(String.format("ACCEPTED overall: %d/%d (%.0f%%)%n", accepted, outcomes.size(), 100.0 * accepted / outcomes.size()));
    report.append(String.format("ACCEPTED subset:  %d/%d (%.0f%%)%n", subsetAccepted, subset.size(), 100.0 * subsetAccepted / subset.size()));
    System.out.println(report);

    assertThat(outcomes).as("corpus documents").hasSizeGreaterThanOrEqualTo(100);
    assertThat(accepted).as("accepted documents overall (floor)").isGreaterThanOrEqualTo(ACCEPTED_FLOOR);
    assertThat(subsetAccepted).as("accepted documents in the subset (floor)").isGreaterThanOrEqualTo(SUBSET_ACCEPTED_FLOOR);
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
          out.add(new Outcome(file.getFileName().toString(), doc.path("kind").asText(),
              doc.path("metadata").path("name").asText(), inSubset(doc), causes));
        }
      }
    }
    return out;
  }

  /** Whether the document uses only the routers and metric providers Sluice has (or none). */
  static boolean inSubset(JsonNode doc) {
    JsonNode routing = doc.path("spec").path("strategy").path("canary").path("trafficRouting");
    for (Iterator<String> it = routing.fieldNames(); it.hasNext(); ) {
      String router = it.next();
      if (!ROUTERS.contains(router)) {
        return false;
      }
    }
    for (Iterator<String> it = routing.path("plugins").fieldNames(); it.hasNext(); ) {
      if (!ROUTER_PLUGINS.contains(it.next())) {
        return false;
      }
    }
    for (JsonNode metric : doc.path("spec").path("metrics")) {
      for (Iterator<String> it = metric.path("provider").fieldNames(); it.hasNext(); ) {
        if (!PROVIDERS.contains(it.next())) {
          return false;
        }
      }
    }
    return true;
  }

  private static String topCauses(List<Outcome> outcomes) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Outcome o : outcomes) {
      for (String cause : o.causes()) {
        counts.merge(cause, 1, Integer::sum);
      }
    }
    StringBuilder b = new StringBuilder();
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
        .limit(15).forEach(e -> b.append(String.format("  %3d  %s%n", e.getValue(), e.getKey())));
    return b.toString();
  }
}
