package dev.sluice.kubectl.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kubectl.CliRunner;
import dev.sluice.kubectl.CliRunner.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * `lint` on the shared validator's corpus (crds/src/test/resources/manifests): every invalid file is rejected naming
 * the field of its "# field:" header, on a line that names that field or one of its ancestors; every valid file passes.
 */
class LintCorpusTest {
  static final Path CORPUS = Path.of(System.getProperty("sluice.corpus", "../crds/src/test/resources/manifests"));

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
  @MethodSource("invalid")
  void invalidFileErrorsNamingItsFieldOnItsLine(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    String field = lines.stream().filter(l -> l.startsWith("# field: ")).findFirst().orElseThrow().substring(9).trim();

    Result result = new CliRunner().run("lint", "-f", file.toString());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    Matcher problem = Pattern.compile("^" + Pattern.quote(file.toString()) + ":(\\d+): " + Pattern.quote(field) + ": .+$",
        Pattern.MULTILINE).matcher(result.out());
    assertThat(problem.find()).as("a problem for %s in%n%s", field, result).isTrue();
    int line = Integer.parseInt(problem.group(1));
    assertThat(line).as("line of %s", field).isBetween(1, lines.size());
    assertThat(namesFieldOrAncestor(lines.get(line - 1), field)).as("line %d \"%s\" names %s or an ancestor", line,
        lines.get(line - 1), field).isTrue();
  }

  /** "  setWeight: 101" names setWeight; "- name: x" names an index (a list item); "spec:" names spec. */
  private static boolean namesFieldOrAncestor(String text, String field) {
    String trimmed = text.trim();
    List<String> segments = Arrays.stream(field.split("[.\\[\\]]+")).filter(s -> !s.isEmpty()).toList();
    for (String segment : segments) {
      if (segment.chars().allMatch(Character::isDigit) ? trimmed.startsWith("- ")
          : trimmed.replaceFirst("^- ", "").startsWith(segment + ":")) {
        return true;
      }
    }
    return false;
  }

  @ParameterizedTest
  @MethodSource("valid")
  void validFilePasses(Path file) {
    Result result = new CliRunner().run("lint", "-f", file.toString());

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("1 Sluice document, no problems");
  }

  @Test
  void aDirectoryIsLintedFileByFileAndEveryInvalidFileHasAProblem() throws IOException {
    Result result = new CliRunner().run("lint", "-f", CORPUS.resolve("invalid").toString());

    long files = invalid().count();
    long filesWithProblems = result.out().lines().map(l -> l.substring(0, l.indexOf(".yaml:") + 5)).distinct().count();
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(filesWithProblems).isEqualTo(files);
    assertThat(result.err()).contains(files + " files, " + files + " Sluice documents");
  }

  @Test
  void standardInputIsNamedInMessages() throws IOException {
    String manifest = Files.readString(CORPUS.resolve("invalid/weight-over-100.yaml"));

    Result result = new CliRunner().stdin(manifest).run("lint", "-f", "-");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).startsWith("<stdin>:");
  }

  @Test
  void anUnreadableFileIsAProblem() {
    Result result = new CliRunner().run("lint", "-f", "no/such/file.yaml");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).startsWith("no/such/file.yaml: cannot read: ");
  }
}
