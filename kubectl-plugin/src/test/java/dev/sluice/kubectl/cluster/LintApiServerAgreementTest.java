package dev.sluice.kubectl.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.kubectl.lint.Linter;
import dev.sluice.kubectl.lint.Linter.Problem;
import dev.sluice.api.validation.ManifestValidator;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.RepoPaths;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * `kubectl sluice lint` and the real API server judge the same documents the same way, document by document: the
 * manifest corpus (each invalid file refused by both, naming the field and message of its header), Argo Rollouts'
 * own manifests, and the cases of src/test/resources/agreement. The API server's verdict is a server-side dry-run
 * create as kubectl makes it (--validate=strict: an unknown field is an error); the fields it names come from that
 * and from a second dry run that ignores unknown fields (then the schema and CEL rules report on the pruned object).
 *
 * <p>Agreement means: lint refuses (leaving aside what only the controller checks) exactly the documents the server
 * refuses; lint names every field the server names; and when the server ran its CEL rules (it skips them all once
 * the object has a missing field or a wrong type), lint names no field the server does not.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class LintApiServerAgreementTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern UNKNOWN_FIELD = Pattern.compile("unknown field \"([^\"]+)\"");
  private static final String NOT_CHECKED = "some validation rules were not checked";
  private static final Path MANIFESTS = RepoPaths.resolve("crds/src/test/resources/manifests");
  private static final Path ARGO = RepoPaths.resolve("crds/src/test/resources/argo-corpus");
  private static final Path AGREEMENT = RepoPaths.resolve("kubectl-plugin/src/test/resources/agreement");

  /**
   * One document of a file, with what its file promises: refused naming a field with a message (the manifest corpus'
   * "# field:" and "# message:" headers), or accepted (the corpus' valid/ directory, or an "# accepted" line).
   */
  record Document(Path file, int index, JsonNode manifest, String field, String message, boolean accepted) {
    String name() {
      return RepoPaths.root().relativize(file) + (index > 0 ? "#" + index : "");
    }
  }

  /** What one side said about a document: refused or not, and the fields it named. */
  record Verdict(boolean refused, Set<String> fields, boolean rulesChecked, String text) {
  }

  @Test
  void lintAndTheApiServerAgreeOnEveryDocument(KubernetesClient client, TestNamespace ns) throws IOException {
    List<Document> documents = new ArrayList<>();
    documents.addAll(documents(MANIFESTS.resolve("valid")));
    documents.addAll(documents(MANIFESTS.resolve("invalid")));
    documents.addAll(documents(AGREEMENT));
    documents.addAll(documents(ARGO));
    Linter linter = new Linter(new ManifestValidator());
    List<String> disagreements = new ArrayList<>();
    int argo = 0;
    int argoAccepted = 0;

    for (Document document : documents) {
      ObjectNode manifest = document.manifest().deepCopy();
      if (!manifest.path("kind").asText().startsWith("Cluster")) {
        ((ObjectNode) manifest.with("metadata")).put("namespace", ns.name());
      }
      Verdict server = server(client, ns, manifest);
      Verdict lint = lint(linter, manifest);
      List<String> problems = new ArrayList<>();
      if (server.refused() != lint.refused()) {
        problems.add("server " + (server.refused() ? "refuses" : "accepts") + ", lint " + (lint.refused() ? "refuses" : "accepts"));
      }
      Set<String> unnamed = new TreeSet<>(server.fields());
      unnamed.removeAll(lint.fields());
      if (!unnamed.isEmpty()) {
        problems.add("lint does not name " + unnamed);
      }
      Set<String> extra = new TreeSet<>(lint.fields());
      extra.removeAll(server.fields());
      if (server.rulesChecked() && !extra.isEmpty()) {
        problems.add("lint names fields the server does not: " + extra);
      }
      if (document.field() != null && !(server.fields().contains(document.field()) && server.text().contains(document.message()))) {
        problems.add("the server does not refuse " + document.field() + " with \"" + document.message() + "\"");
      }
      if (document.accepted() && server.refused()) {
        problems.add("the server refuses a document that must be accepted");
      }
      if (!problems.isEmpty()) {
        disagreements.add(document.name() + ": " + String.join("; ", problems) + "\n    server: " + server.text()
            + "\n    lint: " + lint.text());
      }
      if (document.file().startsWith(ARGO)) {
        argo++;
        argoAccepted += server.refused() || lint.refused() ? 0 : 1;
      }
    }
    System.out.printf("%d documents; Argo Rollouts corpus accepted by both lint and the API server: %d/%d%n",
        documents.size(), argoAccepted, argo);

    assertThat(documents).as("documents").hasSizeGreaterThan(150);
    assertThat(disagreements).as("documents lint and the API server judge differently").isEmpty();
  }

  private static Verdict lint(Linter linter, JsonNode manifest) {
    List<Problem> problems = linter.lint("document", manifest.toString()).stream()
        .filter(p -> !p.controllerOnly()).toList();
    Set<String> fields = new TreeSet<>();
    problems.forEach(p -> fields.add(p.field()));
    return new Verdict(!problems.isEmpty(), fields, true, problems.toString());
  }

  /** Dry-run creates: strict as kubectl does (the verdict), then ignoring unknown fields (what the rules say). */
  private static Verdict server(KubernetesClient client, TestNamespace ns, JsonNode manifest) {
    GenericKubernetesResource resource = Serialization.unmarshal(manifest.toString(), GenericKubernetesResource.class);
    Set<String> fields = new TreeSet<>();
    StringBuilder text = new StringBuilder();
    boolean refused = false;
    try {
      client.resource(resource).dryRun().fieldValidation(Validation.STRICT).create();
    } catch (KubernetesClientException e) {
      refused = true;
      text.append(e.getMessage());
      Matcher unknown = UNKNOWN_FIELD.matcher(e.getMessage());
      while (unknown.find()) {
        fields.add(unknown.group(1));
      }
    }
    boolean rulesChecked = true;
    try {
      client.resource(resource).dryRun().fieldValidation(Validation.IGNORE).create();
    } catch (KubernetesClientException e) {
      text.append(" | ").append(e.getMessage());
      List<StatusCause> causes = e.getStatus() == null || e.getStatus().getDetails() == null ? List.of()
          : e.getStatus().getDetails().getCauses();
      for (StatusCause cause : causes) {
        if (cause.getMessage() != null && cause.getMessage().contains(NOT_CHECKED)) {
          rulesChecked = false;
        } else if (cause.getField() != null && !cause.getField().isEmpty() && !cause.getField().equals("<nil>")) {
          // The scale subresource's check names its path as written in the CRD: .spec.replicas.
          fields.add(cause.getField().replaceFirst("^\\.", ""));
        }
      }
    }
    return new Verdict(refused, fields, rulesChecked, text.toString());
  }

  private static List<Document> documents(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    List<Document> out = new ArrayList<>();
    for (Path file : files) {
      List<String> lines = Files.readAllLines(file);
      String field = header(lines, "# field: ");
      String message = header(lines, "# message: ");
      boolean accepted = file.getParent().endsWith("valid") && !file.getParent().endsWith("invalid") || lines.contains("# accepted");
      try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
        int index = 0;
        while (docs.hasNext()) {
          JsonNode doc = docs.next();
          if (doc != null && doc.isObject()) {
            out.add(new Document(file, index++, doc, field, message, accepted));
          }
        }
      }
    }
    return out;
  }

  private static String header(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim()).findFirst()
        .orElse(null);
  }
}
