package dev.sluice.analysis.condition;

import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled condition over objects (see {@link ObjectConditionCompiler}). The variables are read as Argo reads a
 * Rollout decoded from JSON: every number a float, so {@code rollout.spec.replicas == 3} holds for 3 replicas. A
 * variable not given is {@code nil}. Evaluating never sends anything anywhere: it answers true or false, or says
 * why it cannot (a value that is not a boolean, reading from {@code nil}, an index out of range, the cost bound).
 */
public final class ObjectCondition {
  private final String expression;
  private final String cel;
  private final Set<String> variables;
  private final CelRuntime.Program program;

  ObjectCondition(String expression, String cel, Set<String> variables, CelRuntime.Program program) {
    this.expression = expression;
    this.cel = cel;
    this.variables = variables;
    this.program = program;
  }

  /** The condition as written. */
  public String expression() {
    return expression;
  }

  /** The CEL that runs. */
  public String cel() {
    return cel;
  }

  public boolean evaluate(Map<String, ?> values) throws ConditionEvaluationException {
    Map<String, Object> bound = new HashMap<>();
    for (String name : variables) {
      bound.put(name, asJson(values.get(name)));
    }
    Object out;
    try {
      out = program.trace(bound, new EvaluationCost());
    } catch (EvaluationCost.Exceeded | EvaluationCost.Interrupted e) {
      throw new ConditionEvaluationException(e.getMessage(), false);
    } catch (CelEvaluationException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof EvaluationCost.Exceeded || t instanceof EvaluationCost.Interrupted) {
          throw new ConditionEvaluationException(t.getMessage(), false);
        }
      }
      String message = e.getMessage() == null ? "evaluation failed" : e.getMessage().replaceAll("\\s*\\R\\s*", " ").trim();
      throw new ConditionEvaluationException(message, false);
    } catch (RuntimeException e) {
      // Whatever the interpreter throws is this condition's error, never the caller's crash.
      throw new ConditionEvaluationException("evaluation failed: " + e.getClass().getSimpleName(), false);
    }
    if (out instanceof Boolean b) {
      return b;
    }
    throw new ConditionEvaluationException("evaluated to " + (out instanceof NullValue ? "nil" : describe(out))
        + ", not true or false", false);
  }

  private static String describe(Object value) {
    String text = String.valueOf(value);
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }

  /** A value as JSON decodes it, as Go's encoding/json gives Argo: numbers as doubles, null as CEL's null. */
  static Object asJson(Object value) {
    if (value == null || value instanceof NullValue) {
      return NullValue.NULL_VALUE;
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), asJson(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(asJson(v)));
      return out;
    }
    return String.valueOf(value);
  }

  @Override
  public String toString() {
    return expression;
  }
}
