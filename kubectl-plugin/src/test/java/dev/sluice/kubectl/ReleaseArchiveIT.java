package dev.sluice.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.kubectl.CliRunner.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release archive runs from wherever it is unpacked, and the krew manifest template matches it. */
class ReleaseArchiveIT {
  @TempDir
  Path dir;

  private Path unpack() throws Exception {
    Path archive = Path.of(System.getProperty("sluice.plugin.archive"));
    Path to = Files.createDirectories(dir.resolve("krew-store"));
    Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", to.toString()).inheritIO().start();
    assertThat(tar.waitFor()).isZero();
    return to;
  }

  @Test
  void theLauncherFindsTheJarNextToItselfThroughASymlink() throws Exception {
    Path store = unpack();
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("kubectl-sluice"), store.resolve("kubectl-sluice"));

    Result result = PluginProcess.run(List.of(bin.resolve("kubectl-sluice").toString(), "version", "--client"),
        Map.of("HOME", dir.toString(), "SLUICE_CACHE", dir.resolve("cache").toString()), "", dir);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).startsWith("Client Version: ");
  }

  @Test
  void theKrewManifestNamesWhatTheArchiveHolds() throws Exception {
    Path store = unpack();
    String template = Files.readString(PluginProcess.repoRoot().resolve("kubectl-plugin/krew/sluice.yaml"));
    String manifest = template.replace("${VERSION}", "v0.1.0").replace("${RELEASE_URL}", "https://releases.invalid/sluice")
        .replace("${SHA256}", "0".repeat(64));

    JsonNode plugin = new ObjectMapper(new YAMLFactory()).readTree(manifest);

    assertThat(manifest).doesNotContain("${");
    assertThat(plugin.path("kind").asText()).isEqualTo("Plugin");
    assertThat(plugin.at("/metadata/name").asText()).isEqualTo("sluice");
    JsonNode platform = plugin.at("/spec/platforms/0");
    assertThat(platform.path("uri").asText()).isEqualTo("https://releases.invalid/sluice/kubectl-sluice-v0.1.0.tar.gz");
    assertThat(Files.isExecutable(store.resolve(platform.path("bin").asText()))).isTrue();
    for (JsonNode file : platform.path("files")) {
      assertThat(store.resolve(file.path("from").asText())).exists();
    }
  }
}
