package dev.sluice.kubectl.lint;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.analysis.condition.ConditionCompiler;
import dev.sluice.analysis.evaluation.AnalysisSpecValidator;
import dev.sluice.api.v1alpha1.AnalysisRunSpec;
import dev.sluice.api.v1alpha1.AnalysisTemplateSpec;
import dev.sluice.api.validation.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks the controller makes when an analysis template or run is applied (conditions that neither CEL nor Argo's
 * expression language reads, {@code {{args.x}}} that no argument declares, ...: what it reports as InvalidSpec), so
 * lint reports them before the cluster does. Each problem is placed on its metric's field where the message names one.
 */
final class AnalysisSpecCheck {
  private static final Set<String> TEMPLATE_KINDS = Set.of("AnalysisTemplate", "ClusterAnalysisTemplate");
  private static final Pattern METRIC = Pattern.compile("^metric \"([^\"]*)\": ([A-Za-z.]+)?");
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** Built on the first analysis document: the CEL environments cost start-up time a Rollout-only lint need not pay. */
  private AnalysisSpecValidator validator;

  /** The problems of an analysis document whose schema is valid; empty for other kinds. */
  List<Violation> check(JsonNode root) {
    String kind = root.path("kind").asText("");
    JsonNode spec = root.path("spec");
    if (!spec.isObject() || !(TEMPLATE_KINDS.contains(kind) || kind.equals("AnalysisRun"))) {
      return List.of();
    }
    if (validator == null) {
      validator = new AnalysisSpecValidator(new ConditionCompiler());
    }
    List<String> problems;
    try {
      problems = kind.equals("AnalysisRun") ? validator.validate(JSON.treeToValue(spec, AnalysisRunSpec.class))
          : validator.validate(JSON.treeToValue(spec, AnalysisTemplateSpec.class));
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      return List.of();
    }
    List<Violation> violations = new ArrayList<>();
    for (String problem : problems) {
      violations.add(place(spec, problem));
    }
    return violations;
  }

  /** {@code metric "rate": successCondition: ...} becomes field spec.metrics[i].successCondition. */
  private static Violation place(JsonNode spec, String problem) {
    Matcher m = METRIC.matcher(problem);
    if (!m.find()) {
      return new Violation("spec", problem);
    }
    JsonNode metrics = spec.path("metrics");
    for (int i = 0; i < metrics.size(); i++) {
      if (m.group(1).equals(metrics.get(i).path("name").asText(null))) {
        String field = m.group(2) == null ? "" : m.group(2);
        String path = field.startsWith("prometheus.") ? "provider." + field : field;
        String message = problem.substring(m.end(1) + 3);
        // "successCondition: ..." placed on successCondition says the field once.
        if (!field.isEmpty() && message.startsWith(field + ": ")) {
          message = message.substring(field.length() + 2);
        }
        return new Violation("spec.metrics[" + i + "]" + (path.isEmpty() ? "" : "." + path), message);
      }
    }
    return new Violation("spec.metrics", problem);
  }
}
