package dev.sluice.kubectl.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.validation.ManifestValidator;
import dev.sluice.api.validation.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates the Sluice documents of a YAML stream with the validator the tests and the controller use, and places
 * every violation on the line of its field. Documents of other APIs are skipped; a document of the sluice.dev group
 * that the validator does not know (a typo in kind or version) is reported, not skipped.
 */
public final class Linter {
  private final ManifestValidator validator;
  private final AnalysisSpecCheck analysis = new AnalysisSpecCheck();
  private int documents;

  public Linter(ManifestValidator validator) {
    this.validator = validator;
  }

  /** One problem: file:line: field: message (no field for problems of the whole file). */
  public record Problem(String source, int line, String field, String message) {
    @Override
    public String toString() {
      String where = source + (line > 0 ? ":" + line : "");
      return where + ": " + (field == null || field.isEmpty() ? "" : field + ": ") + message;
    }
  }

  /** How many Sluice documents were validated so far. */
  public int documents() {
    return documents;
  }

  public List<Problem> lint(String source, String text) {
    List<Problem> problems = new ArrayList<>();
    List<LocatedYaml.Document> parsed;
    try {
      parsed = LocatedYaml.parse(text);
    } catch (LocatedYaml.SyntaxError e) {
      problems.add(new Problem(source, e.line(), null, "invalid YAML: " + e.getMessage()));
      return problems;
    }
    for (LocatedYaml.Document document : parsed) {
      if (!isSluice(document.root())) {
        continue;
      }
      documents++;
      List<Violation> violations = validator.validate(document.root());
      if (violations.isEmpty()) {
        // What the controller refuses on apply (InvalidSpec), once the schema holds.
        violations = analysis.check(document.root());
      }
      for (Violation v : violations) {
        problems.add(new Problem(source, FieldLocator.line(document.location(), v.field()), v.field(), v.message()));
      }
    }
    return problems;
  }

  private boolean isSluice(JsonNode root) {
    if (root == null || !root.isObject()) {
      return false;
    }
    return validator.handles(root) || root.path("apiVersion").asText("").startsWith(Rollout.GROUP + "/");
  }
}
