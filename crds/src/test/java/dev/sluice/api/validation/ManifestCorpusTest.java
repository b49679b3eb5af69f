package dev.sluice.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every invalid manifest of the corpus is rejected naming the field its header declares, and every valid one is
 * accepted. The e2e module sends the same files to a real API server.
 */
class ManifestCorpusTest {
  static final Path CORPUS = Path.of("src/test/resources/manifests");
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  static final ManifestValidator VALIDATOR = new ManifestValidator();

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
  void validManifestIsAccepted(Path file) throws IOException {
    assertThat(VALIDATOR.validate(YAML.readTree(file.toFile()))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void invalidManifestIsRejectedNamingTheField(Path file) throws IOException {
    CorpusCase expected = CorpusCase.read(file);
    List<Violation> violations = VALIDATOR.validate(YAML.readTree(file.toFile()));
    assertThat(violations)
        .as("violations of %s", file.getFileName())
        .anySatisfy(v -> {
          assertThat(v.field()).isEqualTo(expected.field());
          assertThat(v.message()).contains(expected.message());
        });
  }

  @Test
  void corpusHasAtLeast25InvalidManifests() throws IOException {
    assertThat(invalid().count()).isGreaterThanOrEqualTo(25);
  }

  /** The "# field:" and "# message:" header of an invalid manifest. */
  record CorpusCase(String field, String message) {
    static CorpusCase read(Path file) throws IOException {
      List<String> lines = Files.readAllLines(file);
      return new CorpusCase(header(lines, "# field: "), header(lines, "# message: "));
    }

    private static String header(List<String> lines, String prefix) {
      return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length()).trim()).findFirst()
          .orElseThrow(() -> new IllegalStateException("missing header " + prefix));
    }
  }

  @Test
  void validatorParsesYamlOfEveryKind() throws IOException {
    JsonNode node = YAML.readTree(CORPUS.resolve("valid/analysis-template.yaml").toFile());
    assertThat(VALIDATOR.handles(node)).isTrue();
  }
}
