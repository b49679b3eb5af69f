package dev.sluice.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.sluice.api.validation.ManifestValidator;
import dev.sluice.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ready-to-copy GitOps examples hold together: the app's manifests pass the API server's rules (CRD schema and
 * CEL, checked offline), and the Rollout's gitRevert points at the repository, branch and path that the Flux
 * Kustomization and the Argo CD Application deploy from, so a revert lands where the agent reads.
 */
class GitOpsExamplesTest {
  private static final Path EXAMPLES = RepoPaths.resolve("examples/gitops");
  private static final ObjectMapper YAML = new YAMLMapper();

  @Test
  void everySluiceManifestOfTheAppIsValidAndTheKustomizationListsEveryFile() throws IOException {
    ManifestValidator validator = new ManifestValidator();
    JsonNode kustomization = YAML.readTree(EXAMPLES.resolve("app/kustomization.yaml").toFile());
    List<String> listed = new ArrayList<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    try (var files = Files.list(EXAMPLES.resolve("app"))) {
      assertThat(listed).containsExactlyInAnyOrderElementsOf(files.map(f -> f.getFileName().toString())
          .filter(n -> !n.equals("kustomization.yaml")).toList());
    }
    int checked = 0;
    for (String file : listed) {
      for (JsonNode manifest : documents(EXAMPLES.resolve("app").resolve(file))) {
        if (validator.handles(manifest)) {
          assertThat(validator.validate(manifest)).as("%s %s", file, manifest.path("kind").asText()).isEmpty();
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(2);
  }

  @Test
  void gitRevertCommitsToWhereFluxAndArgoCdDeployFrom() throws IOException {
    JsonNode revert = documents(EXAMPLES.resolve("app/rollout.yaml")).get(0).path("spec").path("gitRevert");
    assertThat(revert.path("enabled").asBoolean()).isTrue();
    assertThat(revert.path("secretRef").path("name").asText()).isNotEmpty();

    List<JsonNode> flux = documents(EXAMPLES.resolve("flux/flux-kustomization.yaml"));
    JsonNode repository = flux.stream().filter(d -> d.path("kind").asText().equals("GitRepository")).findFirst().orElseThrow();
    JsonNode kustomization = flux.stream().filter(d -> d.path("kind").asText().equals("Kustomization")).findFirst().orElseThrow();
    assertThat(repository.path("spec").path("url").asText()).isEqualTo(revert.path("repoURL").asText());
    assertThat(repository.path("spec").path("ref").path("branch").asText()).isEqualTo(revert.path("branch").asText());
    assertThat(kustomization.path("spec").path("path").asText()).isEqualTo("./" + revert.path("path").asText());
    assertThat(kustomization.path("spec").path("healthChecks").get(0).path("kind").asText()).isEqualTo("Rollout");

    JsonNode source = documents(EXAMPLES.resolve("argocd/application.yaml")).get(0).path("spec").path("source");
    assertThat(source.path("repoURL").asText()).isEqualTo(revert.path("repoURL").asText());
    assertThat(source.path("targetRevision").asText()).isEqualTo(revert.path("branch").asText());
    assertThat(source.path("path").asText()).isEqualTo(revert.path("path").asText());
    assertThat(RepoPaths.resolve(revert.path("path").asText())).isDirectory();
  }

  /**
   * Sluice's push credentials are in Git only encrypted: the Secret the Rollout names, every value SOPS ciphertext
   * for an age recipient, under the example's .sops.yaml rule; the Flux Kustomization decrypts with sops.
   */
  @Test
  void theGitCredentialsAreKeptEncryptedWithSopsAndFluxDecryptsThem() throws IOException {
    JsonNode rollout = documents(EXAMPLES.resolve("app/rollout.yaml")).get(0);
    JsonNode secret = documents(EXAMPLES.resolve("app/git-credentials.enc.yaml")).get(0);
    assertThat(secret.path("kind").asText()).isEqualTo("Secret");
    assertThat(secret.path("metadata").path("name").asText()).isEqualTo(rollout.path("spec").path("gitRevert").path("secretRef")
        .path("name").asText());
    assertThat(secret.path("metadata").path("namespace").asText()).isEqualTo(rollout.path("metadata").path("namespace").asText());
    List<String> values = new ArrayList<>();
    secret.path("stringData").forEach(v -> values.add(v.asText()));
    assertThat(values).hasSize(2).allSatisfy(v -> assertThat(v).startsWith("ENC[AES256_GCM,"));
    assertThat(secret.path("sops").path("age").get(0).path("recipient").asText()).startsWith("age1");
    JsonNode rules = YAML.readTree(EXAMPLES.resolve(".sops.yaml").toFile()).path("creation_rules").get(0);
    assertThat(rules.path("encrypted_regex").asText()).isEqualTo("^(data|stringData)$");
    assertThat("app/git-credentials.enc.yaml").containsPattern(rules.path("path_regex").asText());
    JsonNode kustomization = documents(EXAMPLES.resolve("flux/flux-kustomization.yaml")).stream()
        .filter(d -> d.path("kind").asText().equals("Kustomization")).findFirst().orElseThrow();
    assertThat(kustomization.path("spec").path("decryption").path("provider").asText()).isEqualTo("sops");
  }

  private static List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(file.toFile())) {
      YAML.readValues(parser, JsonNode.class).forEachRemaining(out::add);
    }
    return out;
  }
}
