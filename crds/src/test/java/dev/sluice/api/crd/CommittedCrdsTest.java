package dev.sluice.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.validation.CrdCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The CRDs committed under crds/manifests are exactly what the build generates from the API classes. */
class CommittedCrdsTest {
  static final Path MANIFESTS = Path.of(System.getProperty("sluice.crds.dir", "manifests"));

  @ParameterizedTest
  @FieldSource("dev.sluice.api.validation.CrdCatalog#PLURALS")
  void committedCrdMatchesGenerated(String plural) throws IOException {
    String generated = CrdManifests.render(plural);
    Path committed = MANIFESTS.resolve(CrdManifests.fileName(plural));
    if (Boolean.getBoolean("sluice.crds.write")) {
      Files.createDirectories(MANIFESTS);
      Files.writeString(committed, generated);
    }
    assertThat(committed).as("committed CRD (regenerate with hack/update-crds.sh)").exists();
    assertThat(Files.readString(committed))
        .as("%s is stale: regenerate it with hack/update-crds.sh and commit it", committed)
        .isEqualTo(generated);
  }
}
