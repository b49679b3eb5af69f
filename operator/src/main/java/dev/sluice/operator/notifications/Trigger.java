package dev.sluice.operator.notifications;

import dev.sluice.analysis.condition.ConditionEvaluationException;
import dev.sluice.analysis.condition.ObjectCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A configured trigger ({@code trigger.<name>}): its conditions, in order, each with the templates it sends. As in
 * Argo Rollouts, a trigger runs when the Event it is named after is recorded; then a condition without {@code when}
 * always sends, and one with {@code when} sends when its expression is true for what templates see (the Rollout as
 * stored...). A {@code when} that cannot be evaluated sends nothing (Argo logs it and sends nothing too); its
 * error is handed back to be reported.
 */
public record Trigger(List<Condition> conditions) {
  public Trigger {
    conditions = List.copyOf(conditions);
  }

  /** One condition: {@code when} as written (null when absent), compiled, and the templates it sends. */
  public record Condition(String when, ObjectCondition compiled, List<String> send) {
    public Condition {
      send = List.copyOf(send);
    }
  }

  /** What a run sends (each template once, in order) and why a condition could not be evaluated, one line each. */
  public record Outcome(List<String> templates, List<String> errors) {
  }

  /** Runs every condition against {@code data} (the variables templates see). */
  public Outcome run(Map<String, Object> data) {
    List<String> templates = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (int i = 0; i < conditions.size(); i++) {
      Condition condition = conditions.get(i);
      boolean sends;
      try {
        sends = condition.compiled() == null || condition.compiled().evaluate(data);
      } catch (ConditionEvaluationException e) {
        errors.add("condition " + (i + 1) + " (when: " + ConfigParser.bounded(condition.when()) + ") could not be evaluated: "
            + ConfigParser.bounded(e.getMessage()) + "; it sends nothing");
        continue;
      }
      if (sends) {
        condition.send().stream().filter(t -> !templates.contains(t)).forEach(templates::add);
      }
    }
    return new Outcome(List.copyOf(templates), List.copyOf(errors));
  }

  /** Every template a condition names, whatever the conditions answer. */
  public List<String> templates() {
    return conditions.stream().flatMap(c -> c.send().stream()).distinct().toList();
  }
}
