package dev.sluice.operator.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.testing.RepoPaths;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class PodTemplateHashTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  @Test
  void everyPinnedTemplateKeepsTheHashItsReplicaSetsAreNamedBy() throws IOException {
    Map<String, String> pinned = new LinkedHashMap<>();
    try (var lines = Files.lines(Path.of("src/test/resources/pod-template-hashes.txt"))) {
      lines.filter(line -> !line.startsWith("#")).map(line -> line.split(" ")).forEach(f -> pinned.put(f[0], f[1]));
    }
    Map<String, PodTemplateSpec> templates = new LinkedHashMap<>(corpusTemplates());
    templates.putAll(cases());

    Map<String, String> hashes = new LinkedHashMap<>();
    templates.forEach((key, template) -> hashes.put(key, PodTemplateHash.of(template)));

    assertThat(hashes).hasSizeGreaterThanOrEqualTo(80).isEqualTo(pinned);
  }

  @Test
  void theHashLabelItselfDoesNotCount() throws IOException {
    PodTemplateSpec labelled = cases().get("pod-template-hash-cases.yaml#1");
    PodTemplateSpec unlabelled = Serialization.clone(labelled);
    unlabelled.getMetadata().getLabels().remove(RolloutLabels.POD_TEMPLATE_HASH);
    PodTemplateSpec relabelled = Serialization.clone(labelled);
    relabelled.getMetadata().getLabels().put(RolloutLabels.POD_TEMPLATE_HASH, "other");

    assertThat(PodTemplateHash.of(unlabelled)).isEqualTo(PodTemplateHash.of(labelled))
        .isEqualTo(PodTemplateHash.of(relabelled));
    assertThat(labelled.getMetadata().getLabels()).as("the template hashed is left as it was")
        .containsEntry(RolloutLabels.POD_TEMPLATE_HASH, "abc123");
  }

  @Test
  void anyOtherChangeGivesAnotherHash() throws IOException {
    PodTemplateSpec template = cases().get("pod-template-hash-cases.yaml#3");
    PodTemplateSpec image = Serialization.clone(template);
    image.getSpec().getContainers().get(0).setImage("nginx:1.28");
    PodTemplateSpec annotation = Serialization.clone(template);
    annotation.getMetadata().getAnnotations().put("b.example/new", "z");

    assertThat(List.of(PodTemplateHash.of(image), PodTemplateHash.of(annotation)))
        .doesNotContain(PodTemplateHash.of(template)).doesNotHaveDuplicates();
  }

  /** The edge cases of pod-template-hash-cases.yaml, by document. */
  static Map<String, PodTemplateSpec> cases() throws IOException {
    Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
    List<JsonNode> documents = documents(Path.of("src/test/resources/pod-template-hash-cases.yaml"));
    for (int index = 0; index < documents.size(); index++) {
      templates.put("pod-template-hash-cases.yaml#" + index, template(documents.get(index)));
    }
    return templates;
  }

  /** Every pod template of the Argo Rollouts corpus (crds/src/test/resources/argo-corpus), by file and document. */
  static Map<String, PodTemplateSpec> corpusTemplates() throws IOException {
    Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
    List<Path> files;
    try (Stream<Path> listing = Files.list(RepoPaths.resolve("crds/src/test/resources/argo-corpus"))) {
      files = listing.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (Path file : files) {
      List<JsonNode> documents = documents(file);
      for (int index = 0; index < documents.size(); index++) {
        JsonNode document = documents.get(index);
        JsonNode template = document == null ? null : document.path("spec").get("template");
        if (template != null && "Rollout".equals(document.path("kind").asText())) {
          templates.put(file.getFileName() + "#" + index, template(template));
        }
      }
    }
    return templates;
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
      return documents.readAll();
    }
  }

  private static PodTemplateSpec template(JsonNode json) {
    return Serialization.unmarshal(json.toString(), PodTemplateSpec.class);
  }
}
