package dev.sluice.kubectl.lint;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.api.validation.ManifestValidator;
import dev.sluice.api.validation.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates the Sluice documents of a YAML stream with the validator the tests and the controller use, and places
 * every violation on the line of its field, saying which ones only the controller (not the API server) refuses.
 * Documents of other APIs are skipped; a document of the sluice.dev group
 * that the validator does not know (a typo in kind or version) is reported, not skipped.
 */
public final class Linter {
  /** Said of a problem the API server lets through: kubectl apply succeeds, then the controller refuses the spec. */
  public static final String CONTROLLER_ONLY = " (checked by the controller, not the API server: apply succeeds, the "
      + "Rollout then stops as InvalidSpec)";
  /** The same, said of an analysis template or run. */
  public static final String ANALYSIS_CONTROLLER_ONLY = " (checked by the controller, not the API server: apply"
      + " succeeds, then the controller marks it InvalidSpec)";
  private final ManifestValidator validator;
  private final AnalysisSpecCheck analysis = new AnalysisSpecCheck();
  private int documents;

  public Linter(ManifestValidator validator) {
    this.validator = validator;
  }

  /** One problem: file:line: field: message (no field for problems of the whole file). */
  public record Problem(String source, int line, String field, String message) {
    /** A problem only the controller finds: the API server accepts the document. */
    public boolean controllerOnly() {
      return message.endsWith(CONTROLLER_ONLY) || message.endsWith(ANALYSIS_CONTROLLER_ONLY);
    }

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
      problems.addAll(problemsOf(source, document));
    }
    return problems;
  }

  /** What lint says of one Sluice document: the API server's checks, then the controller's (also used by convert). */
  public List<Problem> problemsOf(String source, LocatedYaml.Document document) {
    List<Violation> violations = validator.validate(document.root());
    if (violations.isEmpty()) {
      // What the controller refuses in an analysis template or run (InvalidSpec), once the schema holds.
      violations = analysis.check(document.root());
    }
    List<Problem> problems = new ArrayList<>();
    for (Violation v : violations) {
      String message = v.checker() == Violation.Checker.CONTROLLER
          ? v.message() + (AnalysisSpecCheck.handles(document.root()) ? ANALYSIS_CONTROLLER_ONLY : CONTROLLER_ONLY)
          : v.message();
      problems.add(new Problem(source, FieldLocator.line(document.location(), v.field()), v.field(), message));
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
