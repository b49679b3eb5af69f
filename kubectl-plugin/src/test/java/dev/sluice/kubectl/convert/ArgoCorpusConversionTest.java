package dev.sluice.kubectl.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.validation.ManifestValidator;
import dev.sluice.kubectl.lint.Linter;
import dev.sluice.kubectl.lint.Linter.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every document of Argo Rollouts' examples/ and e2e manifests (crds/src/test/resources/argo-corpus, stored already
 * converted) turned back into Argo's form, converted, and compared with the corpus: the same bytes (comments, order,
 * quoting) and, through the same validator, exactly the problems `lint` finds in the corpus copy, on the same lines.
 */
class ArgoCorpusConversionTest {
  static final Path CORPUS = Path.of("../crds/src/test/resources/argo-corpus");
  static final ManifestValidator VALIDATOR = new ManifestValidator();

  static Stream<Path> corpus() throws IOException {
    return Files.list(CORPUS).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  /** The importer changed exactly these lines from argoproj.io/v1alpha1, so this gives Argo's text back. */
  static String argoForm(String sluice) {
    return sluice.replaceAll("(?m)^apiVersion: sluice\\.dev/v1alpha1$", "apiVersion: argoproj.io/v1alpha1");
  }

  @ParameterizedTest
  @MethodSource("corpus")
  void convertingArgosFileGivesTheCorpusCopyAndLintsProblems(Path file) throws Exception {
    String sluice = Files.readString(file);
    String argo = argoForm(sluice);
    assertThat(argo).as("an Argo document in %s", file).contains("apiVersion: argoproj.io/v1alpha1");

    ArgoConverter.Result result = ArgoConverter.convert(argo);

    assertThat(result.text()).isEqualTo(sluice);
    List<Problem> linted = new Linter(VALIDATOR).lint(file.toString(), sluice);
    assertThat(new Refusals(VALIDATOR).of(file.toString(), result)).containsExactlyElementsOf(linted);
  }

  @Test
  void theCorpusHasDocumentsCarriedOverWhollyAndOthersNot() throws Exception {
    long clean = 0;
    long refused = 0;
    for (Path file : corpus().toList()) {
      boolean any = !new Refusals(VALIDATOR).of(file.toString(), ArgoConverter.convert(argoForm(Files.readString(file)))).isEmpty();
      refused += any ? 1 : 0;
      clean += any ? 0 : 1;
    }
    assertThat(clean).as("files carried over wholly").isPositive();
    assertThat(refused).as("files with something not carried over").isPositive();
  }
}
