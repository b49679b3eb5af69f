package dev.sluice.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.RepoPaths;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The API server enforces the CRDs' rules: every invalid manifest of the corpus (the one the offline validator's
 * unit test uses) is rejected with a message naming the bad field, and every valid one is accepted.
 */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class CrdValidationTest {
  static final Path CORPUS = RepoPaths.resolve("crds/src/test/resources/manifests");

  static Stream<Path> invalid() throws IOException {
    return files("invalid");
  }

  static Stream<Path> valid() throws IOException {
    return files("valid");
  }

  private static Stream<Path> files(String dir) throws IOException {
    return Files.list(CORPUS.resolve(dir)).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("valid")
  void validManifestIsAccepted(Path file, KubernetesClient client, TestNamespace ns) throws IOException {
    GenericKubernetesResource created = create(client, ns, file);
    assertThat(created.getMetadata().getUid()).isNotBlank();
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidManifestIsRejectedNamingTheField(Path file, KubernetesClient client, TestNamespace ns) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String field = header(lines, "# field: ");
    String message = header(lines, "# message: ");
    assertThatThrownBy(() -> create(client, ns, file))
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getMessage()).contains(field).contains(message);
        });
  }

  private static GenericKubernetesResource create(KubernetesClient client, TestNamespace ns, Path file) throws IOException {
    GenericKubernetesResource resource = Serialization.unmarshal(Files.readString(file), GenericKubernetesResource.class);
    if (resource.getKind().startsWith("Cluster")) {
      resource.getMetadata().setName(resource.getMetadata().getName() + "-" + ns.name());
      GenericKubernetesResource created = client.resource(resource).create();
      client.resource(created).delete();
      return created;
    }
    return client.resource(resource).inNamespace(ns.name()).create();
  }

  private static String header(List<String> lines, String prefix) {
    return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim()).findFirst().orElseThrow();
  }
}
