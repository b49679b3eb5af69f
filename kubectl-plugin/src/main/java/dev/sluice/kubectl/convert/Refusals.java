package dev.sluice.kubectl.convert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.api.validation.ManifestValidator;
import dev.sluice.kubectl.convert.ArgoConverter.Document;
import dev.sluice.kubectl.convert.ArgoConverter.Outcome;
import dev.sluice.kubectl.lint.FieldLocator;
import dev.sluice.kubectl.lint.Linter;
import dev.sluice.kubectl.lint.Linter.Problem;
import dev.sluice.kubectl.lint.LocatedYaml;
import java.util.ArrayList;
import java.util.List;

/**
 * What a conversion could not carry over, decided by the validator `lint` uses (the API server's verdict, then the
 * controller's): every refusal of a converted document, at its field's line, so the list follows what Sluice accepts
 * today instead of a list kept by hand. Plus one line per Argo Rollouts document whose kind Sluice lacks, and one per
 * HorizontalPodAutoscaler that still scales Argo's Rollout (other documents are not edited, so it would go on doing so).
 */
public final class Refusals {
  private final Linter linter;

  public Refusals(ManifestValidator validator) {
    this.linter = new Linter(validator);
  }

  /** Where a HorizontalPodAutoscaler (autoscaling/v1 and v2 alike) names what it scales. */
  private static final String TARGET_API_VERSION = "spec.scaleTargetRef.apiVersion";

  private static boolean scalesArgoRollout(JsonNode root) {
    if (root == null || !"HorizontalPodAutoscaler".equals(root.path("kind").asText())) {
      return false;
    }
    JsonNode target = root.path("spec").path("scaleTargetRef");
    return target.path("apiVersion").asText().startsWith("argoproj.io/") && "Rollout".equals(target.path("kind").asText());
  }

  public List<Problem> of(String source, ArgoConverter.Result conversion) {
    List<Problem> problems = new ArrayList<>();
    List<LocatedYaml.Document> parsed;
    try {
      parsed = LocatedYaml.parse(conversion.text());
    } catch (LocatedYaml.SyntaxError e) {
      // The converter only rewrites scalars of a stream that parsed; reaching here is a bug worth seeing.
      throw new IllegalStateException("converted text of " + source + " is not YAML: " + e.getMessage(), e);
    }
    for (Document document : conversion.documents()) {
      if (document.outcome() == Outcome.NO_COUNTERPART) {
        problems.add(new Problem(source, document.line(), null, document.describe() + ": Sluice has no "
            + document.kind() + " kind; left as it is (argoproj.io)"));
      } else if (document.outcome() == Outcome.UNTOUCHED && scalesArgoRollout(parsed.get(document.index()).root())) {
        problems.add(new Problem(source, FieldLocator.line(parsed.get(document.index()).location(), TARGET_API_VERSION),
            TARGET_API_VERSION, document.describe() + " still scales Argo Rollouts' Rollout (left as it is): set "
            + ArgoConverter.SLUICE_API_VERSION + " when Sluice takes this app over"));
      } else if (document.outcome() == Outcome.CONVERTED) {
        problems.addAll(linter.problemsOf(source, parsed.get(document.index())));
      }
    }
    return problems;
  }
}
