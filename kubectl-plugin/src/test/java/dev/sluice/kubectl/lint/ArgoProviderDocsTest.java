package dev.sluice.kubectl.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.validation.ManifestValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl sluice lint} accepts the AnalysisTemplates of Argo Rollouts' provider docs (the agreement files named
 * argo-PROVIDER-docs.yaml, marked "# accepted": LintApiServerAgreementTest requires the API server to accept them
 * too), with every check lint runs: schema, CEL rules, conditions and the providers' own checks.
 */
class ArgoProviderDocsTest {
  private static final Path AGREEMENT = Path.of("src/test/resources/agreement");

  @Test
  void argosProviderDocExamplesLintClean() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(AGREEMENT)) {
      files = s.filter(p -> p.getFileName().toString().matches("argo-.*-docs\\.yaml")).sorted().toList();
    }
    assertThat(files).extracting(p -> p.getFileName().toString())
        .contains("argo-datadog-docs.yaml", "argo-newrelic-docs.yaml", "argo-prometheus-docs.yaml",
            "argo-web-docs.yaml");
    for (Path file : files) {
      Linter linter = new Linter(new ManifestValidator());
      assertThat(linter.lint(file.toString(), Files.readString(file))).as(file.toString()).isEmpty();
      assertThat(Files.readAllLines(file)).as(file + " is marked for the API server").contains("# accepted");
      assertThat(linter.documents()).as(file.toString()).isGreaterThan(0);
    }
  }
}
