package dev.sluice.analysis;

import dev.sluice.api.status.StatusText;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The numbers one query returned, as conditions see them.
 *
 * <ul>
 *   <li>{@link Kind#SCALAR}: exactly one value (a PromQL scalar).</li>
 *   <li>{@link Kind#VECTOR}: one value per series of an instant vector, in the order the server sent them; may be
 *       empty.</li>
 *   <li>{@link Kind#SERIES}: the values of the single series a range query returned, oldest first; empty when the
 *       range query matched nothing.</li>
 *   <li>{@link Kind#ROWS}: named fields per row (New Relic's NRQL results): {@code rows} holds them (numbers as
 *       Double, text, nested maps and lists), and {@code values} each row's number when a row has exactly one, so a
 *       condition may use {@code result.successRate} as Argo's does, or {@code result} as a number.</li>
 *   <li>{@link Kind#QUERY_RESULT}: the values of the one query a CloudWatch call returned, oldest first. Conditions
 *       see it as a list, and may also index it as Argo Rollouts' raw answer: {@code result[0].Values}.</li>
 *   <li>{@link Kind#JSON}: a JSON value as a web server answered it, which conditions see with its type, as Argo
 *       Rollouts' do: {@code json} holds it ({@link JsonValues}: a Boolean, a String, a Double, a map of fields or a
 *       list; null when the answer had nothing there), and {@code values} its numbers when it is a number, a numeric
 *       string or a list of them, so that conditions on numbers keep working on it.</li>
 * </ul>
 *
 * {@code display} is what the run's status shows as the measurement value: the number as the server wrote it for a
 * scalar, {@code [v1,v2]} for the others, the JSON text for a JSON value that is not numbers, bounded by
 * {@link StatusText}.
 */
public record MetricValue(Kind kind, List<Double> values, String display, List<Map<String, Object>> rows,
    Object json) {
  public enum Kind { SCALAR, VECTOR, SERIES, ROWS, QUERY_RESULT, JSON }

  public MetricValue {
    Objects.requireNonNull(kind, "kind");
    values = List.copyOf(values);
    Objects.requireNonNull(display, "display");
    rows = rows == null ? List.of() : List.copyOf(rows);
    if (kind == Kind.SCALAR && values.size() != 1) {
      throw new IllegalArgumentException("a scalar has exactly one value, got " + values.size());
    }
    if (kind != Kind.ROWS && !rows.isEmpty()) {
      throw new IllegalArgumentException("only a ROWS value has rows");
    }
    if (kind != Kind.JSON && json != null) {
      throw new IllegalArgumentException("only a JSON value has a JSON document");
    }
  }

  public MetricValue(Kind kind, List<Double> values, String display, List<Map<String, Object>> rows) {
    this(kind, values, display, rows, null);
  }

  public MetricValue(Kind kind, List<Double> values, String display) {
    this(kind, values, display, List.of());
  }

  /**
   * A JSON value with its type ({@link JsonValues#of}; null for nothing), its numbers when it is numeric (else
   * empty), and how the status shows it.
   */
  public static MetricValue json(Object json, List<Double> numbers, String display) {
    return new MetricValue(Kind.JSON, numbers, display, List.of(), json);
  }

  /** NRQL-style rows; {@code values} is each row's one number, for rows that have exactly one. */
  public static MetricValue rows(List<Map<String, Object>> rows, String display) {
    List<Double> numbers = new java.util.ArrayList<>();
    for (Map<String, Object> row : rows) {
      List<Double> inRow = row.values().stream().filter(Double.class::isInstance).map(Double.class::cast).toList();
      if (inRow.size() == 1) {
        numbers.add(inRow.get(0));
      }
    }
    return new MetricValue(Kind.ROWS, numbers.size() == rows.size() ? numbers : List.of(), display, rows);
  }

  public static MetricValue scalar(double value) {
    return new MetricValue(Kind.SCALAR, List.of(value), format(value));
  }

  public static MetricValue vector(double... values) {
    List<Double> list = box(values);
    return new MetricValue(Kind.VECTOR, list, listDisplay(list.stream().map(MetricValue::format).toList()));
  }

  public static MetricValue series(double... values) {
    List<Double> list = box(values);
    return new MetricValue(Kind.SERIES, list, listDisplay(list.stream().map(MetricValue::format).toList()));
  }

  /** No data: no numbers, no rows, and no JSON value other than an empty list. */
  public boolean isEmpty() {
    return values.isEmpty() && rows.isEmpty() && (json == null || json instanceof List<?> list && list.isEmpty());
  }

  public boolean hasNaN() {
    return values.stream().anyMatch(v -> v.isNaN());
  }

  /**
   * {@code [a,b,c]}, the way list values are shown in a measurement; a long list shows its first values and how many
   * there were ({@link StatusText#list}), so a 100k-sample answer cannot make the run's status too large to store.
   */
  public static String listDisplay(List<String> rendered) {
    return StatusText.list(rendered);
  }

  /** Formats a number the way Prometheus writes sample values: NaN, +Inf, -Inf, or plain decimal digits. */
  public static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == 0) {
      return "0";
    }
    return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
  }

  private static List<Double> box(double[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }
}
