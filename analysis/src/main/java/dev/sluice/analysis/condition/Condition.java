package dev.sluice.analysis.condition;

import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.sluice.analysis.MetricValue;
import java.util.List;
import java.util.Map;

/**
 * A compiled success or failure condition. Thread-safe.
 *
 * <p>{@code result} is typed by how the expression uses it: the expression is compiled once with {@code result} a
 * {@code double} and once with {@code result} a {@code list(double)}, and each form that type-checks is kept. For a
 * value:
 * <ul>
 *   <li>exactly one number (a scalar, or a vector or series with one value): the number form if the expression has one
 *       ({@code result < 0.05}), else the list form with a one-element list ({@code result[0] < 0.05});</li>
 *   <li>no number or several: the list form ({@code isEmpty(result)}, {@code result.all(x, x < 0.05)}); an expression
 *       that only works on a number cannot be evaluated and is an error.</li>
 * </ul>
 * An expression that reads fields of {@code result} type-checks as a row or a list of rows ({@code map(string, dyn)}):
 * it runs on {@link MetricValue.Kind#ROWS} values (New Relic's {@code result.successRate}), and on a
 * {@link MetricValue.Kind#QUERY_RESULT} value as a one-element list holding its values under {@code Values}
 * ({@code result[0].Values}, Argo Rollouts' CloudWatch form); on any other value it is an error saying so.
 * A {@link MetricValue.Kind#JSON} value (a web answer) goes through the same forms by its shape: an object is a row,
 * a list of objects is rows, a number or a list of numbers is numbers. Anything else (true/false, a string, a list of
 * strings), or an expression that type-checks only with {@code result} of no particular type ({@code result == true},
 * {@code result == "ok"}), runs with {@code result} the JSON value as it is, as Argo Rollouts gives it; there a
 * comparison across kinds ({@link StrictEquality}) or a missing field is an error naming what result is.
 * Every evaluation is bounded by {@link EvaluationCost}: past its limit the condition is an error saying so.
 * An evaluation error on an empty result ({@code result[0]} of nothing) is reported as
 * {@link ConditionEvaluationException#NO_DATA}, never as an index error.
 */
public final class Condition {
  /** How much of a JSON result an error message quotes. */
  private static final int DESCRIBED_CHARS = 120;

  /** The language a condition was written in. */
  public enum Language {
    /** CEL, Sluice's own form. */
    CEL,
    /** Argo Rollouts' expression language (expr-lang), run as its CEL translation. */
    ARGO_EXPR
  }

  private final String expression;
  private final Language language;
  private final String cel;
  private final CelRuntime.Program asNumber;
  private final CelRuntime.Program asList;
  private final CelRuntime.Program asRow;
  private final CelRuntime.Program asRows;
  private final CelRuntime.Program asJson;
  private final String typeError;

  /**
   * {@code asRow} and {@code asRows} are the forms with {@code result} a {@code map(string, dyn)} and a list of them,
   * for values with named fields ({@link MetricValue.Kind#ROWS}: New Relic's {@code result.successRate});
   * {@code asJson} the form with {@code result} a {@code dyn}, for JSON values of any kind. {@code typeError} says
   * why none of the typed forms compiled (null when one did).
   */
  Condition(String expression, Language language, String cel, CelRuntime.Program asNumber,
      CelRuntime.Program asList, CelRuntime.Program asRow, CelRuntime.Program asRows, CelRuntime.Program asJson,
      String typeError) {
    if (asNumber == null && asList == null && asRow == null && asRows == null && asJson == null) {
      throw new IllegalArgumentException("a condition needs at least one compiled form");
    }
    this.expression = expression;
    this.language = language;
    this.cel = cel;
    this.asNumber = asNumber;
    this.asList = asList;
    this.asRow = asRow;
    this.asRows = asRows;
    this.asJson = asJson;
    this.typeError = typeError;
  }

  /** This condition with {@code typeError} as the reason it runs only on JSON values. */
  Condition withTypeError(String typeError) {
    return new Condition(expression, language, cel, asNumber, asList, asRow, asRows, asJson, typeError);
  }

  /**
   * Why {@code result} cannot be a number, a list of numbers or rows here ({@code result == true} compares it with a
   * boolean), as CEL's type check and the Argo translation say; null when it can. Such a condition runs only on a
   * JSON value (the web provider's); for any other provider this is the reason it is refused.
   */
  public String typeError() {
    return typeError;
  }

  /** The condition as written. */
  public String expression() {
    return expression;
  }

  public Language language() {
    return language;
  }

  /** The CEL that runs: the expression itself, or its translation from Argo's expression language. */
  public String cel() {
    return cel;
  }

  /** True when the expression type-checks with {@code result} a number. */
  public boolean acceptsNumber() {
    return asNumber != null;
  }

  /** True when the expression type-checks with {@code result} a number or a list of numbers, not only as rows. */
  public boolean acceptsNumbers() {
    return asNumber != null || asList != null;
  }

  /** True when the expression type-checks with {@code result} a list of numbers. */
  public boolean acceptsList() {
    return asList != null;
  }

  /** True when the expression type-checks with {@code result} numbers or rows with named fields. */
  public boolean acceptsNumbersOrRows() {
    return acceptsNumbers() || asRow != null || asRows != null;
  }

  public boolean evaluate(MetricValue value) throws ConditionEvaluationException {
    if (value.kind() == MetricValue.Kind.JSON) {
      Boolean decided = evaluateJson(value);
      if (decided != null) {
        return decided;
      }
    }
    List<Map<String, Object>> rows = value.rows();
    boolean numeric = asNumber != null || asList != null;
    if (value.kind() == MetricValue.Kind.ROWS) {
      if (rows.size() == 1 && asRow != null) {
        return run(asRow, rows.get(0), value);
      }
      if (!rows.isEmpty() && asRows != null) {
        return run(asRows, rows, value);
      }
      if (rows.isEmpty()) {
        throw ConditionEvaluationException.noData();
      }
      if (!numeric) {
        throw new ConditionEvaluationException("the query returned " + rows.size() + " rows: result is a list of"
            + " them (result[0].field, all(result, {#.field < 1}))", false);
      }
      if (value.values().isEmpty()) {
        throw new ConditionEvaluationException("the query's rows have several fields: name the one to test"
            + " (result.field)", false);
      }
    } else if (value.kind() == MetricValue.Kind.QUERY_RESULT && !numeric && asRows != null) {
      // Argo's CloudWatch form: result is the raw answer, a list of query results each with its Values.
      return run(asRows, List.of(Map.of("Values", value.values())), value);
    } else if (!numeric) {
      throw new ConditionEvaluationException("the condition reads fields of result (result.field, or"
          + " result[0].Values as in CloudWatch's answer), but this provider's result is a number or a list of numbers", false);
    }
    int size = value.values().size();
    if (size == 1 && asNumber != null) {
      return run(asNumber, value.values().get(0), value);
    }
    if (asList != null) {
      return run(asList, value.values(), value);
    }
    if (size == 0) {
      throw ConditionEvaluationException.noData();
    }
    throw new ConditionEvaluationException("query returned " + size
        + " values but the condition uses result as a single number; index it (result[0]) or test every value"
        + " (result.all(x, x < 0.05))", false);
  }

  /** A JSON value's verdict, or null when it is numbers (or nothing) for the number forms to decide. */
  private Boolean evaluateJson(MetricValue value) throws ConditionEvaluationException {
    Object json = value.json();
    if (json instanceof Map<?, ?> && asRow != null) {
      return runOnJson(asRow, json, value);
    }
    if (json instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(Map.class::isInstance)
        && asRows != null) {
      return runOnJson(asRows, json, value);
    }
    boolean numbers = !value.values().isEmpty() || value.isEmpty();
    if (numbers && acceptsNumbers()) {
      return null;
    }
    if (asJson != null) {
      return runOnJson(asJson, json == null ? NullValue.NULL_VALUE : json, value);
    }
    throw new ConditionEvaluationException("the condition cannot read this result: " + describe(value), false);
  }

  /** Like {@link #run}, with what result is added to an evaluation error (a missing field, a kind mismatch). */
  private boolean runOnJson(CelRuntime.Program program, Object bound, MetricValue value)
      throws ConditionEvaluationException {
    try {
      return run(program, bound, value);
    } catch (ConditionEvaluationException e) {
      if (e.isNoData()) {
        throw e;
      }
      throw new ConditionEvaluationException(e.getMessage() + "; " + describe(value), false);
    }
  }

  /** "result is a string: "ok"", with the JSON text cut short: the full value is the measurement's value. */
  private static String describe(MetricValue value) {
    Object json = value.json();
    String kind = json == null ? "null" : StrictEquality.kind(json);
    String text = value.display();
    return "result is " + kind + ": " + (text.length() <= DESCRIBED_CHARS ? text
        : text.substring(0, DESCRIBED_CHARS) + "...");
  }

  private boolean run(CelRuntime.Program program, Object bound, MetricValue value)
      throws ConditionEvaluationException {
    try {
      Object out = program.trace(Map.of("result", bound), new EvaluationCost());
      if (out instanceof Boolean b) {
        return b;
      }
      throw new ConditionEvaluationException("condition evaluated to " + out + ", not a boolean", false);
    } catch (EvaluationCost.Exceeded | EvaluationCost.Interrupted e) {
      throw new ConditionEvaluationException(e.getMessage(), false);
    } catch (CelEvaluationException e) {
      RuntimeException stop = costStop(e);
      if (stop != null) {
        throw new ConditionEvaluationException(stop.getMessage(), false);
      }
      if (value.isEmpty()) {
        throw ConditionEvaluationException.noData();
      }
      throw new ConditionEvaluationException(oneLine(e.getMessage()), false);
    }
  }

  /** The cost limit or interruption that ended the evaluation, as cel-java wraps it, or null. */
  private static RuntimeException costStop(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EvaluationCost.Exceeded || t instanceof EvaluationCost.Interrupted) {
        return (RuntimeException) t;
      }
    }
    return null;
  }

  private static String oneLine(String message) {
    return message == null ? "evaluation failed" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }

  @Override
  public String toString() {
    return expression;
  }
}
