package dev.sluice.analysis.influxdb;

import dev.sluice.analysis.MeasurementOutcome;
import dev.sluice.analysis.MetricValue;
import dev.sluice.api.status.StatusText;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code _value} of every record in an InfluxDB 2 query answer (annotated CSV: tables of {@code #datatype},
 * {@code #group} and {@code #default} annotation rows, a header row, then records; tables separated by an empty line),
 * in the order the server sent them, as Argo Rollouts' influxdb provider collects {@code record.Value()}. An empty
 * cell takes the table's {@code #default}, or is left out as null. A table with {@code error} and {@code reference}
 * columns is an error the server reports after it began answering.
 */
final class AnnotatedCsv {
  /** More values than conditions are allowed to iterate ({@code ConditionCompiler}'s comprehension bound). */
  static final int MAX_VALUES = 100_000;

  private AnnotatedCsv() {
  }

  static MeasurementOutcome values(String body) {
    List<Double> values = new ArrayList<>();
    List<String> shown = new ArrayList<>();
    List<String> datatypes = null;
    List<String> defaults = null;
    List<String> header = null;
    int valueColumn = -1;
    int errorColumn = -1;
    Rows rows = new Rows(body);
    for (List<String> row = rows.next(); row != null; row = rows.next()) {
      if (row.isEmpty() || row.size() == 1 && row.get(0).isEmpty()) {
        datatypes = null;
        defaults = null;
        header = null;
        continue;
      }
      String first = row.get(0);
      if (first.startsWith("#")) {
        if (header != null) {
          // a new table without an empty line between: its annotations start it
          header = null;
          datatypes = null;
          defaults = null;
        }
        if (first.equals("#datatype")) {
          datatypes = row;
        } else if (first.equals("#default")) {
          defaults = row;
        }
        continue;
      }
      if (header == null) {
        header = row;
        valueColumn = header.indexOf("_value");
        errorColumn = header.indexOf("error");
        if (valueColumn < 0 && errorColumn < 0) {
          return MeasurementOutcome.failure("influxdb answered a table without a _value column (columns "
              + StatusText.message(String.join(",", header)) + "); end the query with a _value column");
        }
        continue;
      }
      if (valueColumn < 0) {
        String message = errorColumn < row.size() ? row.get(errorColumn) : "";
        return MeasurementOutcome.failure("influxdb query failed: " + StatusText.message(message));
      }
      String cell = valueColumn < row.size() ? row.get(valueColumn) : "";
      if (cell.isEmpty() && defaults != null && valueColumn < defaults.size()) {
        cell = defaults.get(valueColumn);
      }
      if (cell.isEmpty()) {
        continue;
      }
      String type = datatypes != null && valueColumn < datatypes.size() ? datatypes.get(valueColumn) : "double";
      Double number = number(type, cell);
      if (number == null) {
        return MeasurementOutcome.failure("influxdb _value is " + type + " \"" + StatusText.message(cell)
            + "\", not a number: conditions work on numbers");
      }
      if (values.size() == MAX_VALUES) {
        return MeasurementOutcome.failure("influxdb answered more than " + MAX_VALUES + " values; aggregate in the"
            + " query (e.g. |> mean())");
      }
      values.add(number);
      shown.add(MetricValue.format(number));
    }
    if (rows.unterminated) {
      return MeasurementOutcome.failure("influxdb answer ends inside a quoted field: it was cut off");
    }
    return MeasurementOutcome.value(new MetricValue(MetricValue.Kind.VECTOR, values, MetricValue.listDisplay(shown)));
  }

  /** The cell as a number by its column's datatype; null for strings, booleans, times and unreadable numbers. */
  private static Double number(String type, String cell) {
    if (!type.equals("double") && !type.equals("long") && !type.equals("unsignedLong")) {
      return null;
    }
    return switch (cell) {
      case "NaN" -> Double.NaN;
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> {
        try {
          yield Double.parseDouble(cell);
        } catch (NumberFormatException e) {
          yield null;
        }
      }
    };
  }

  /** RFC 4180 rows: fields separated by commas, quoted fields may hold commas, doubled quotes and line breaks. */
  private static final class Rows {
    private final String text;
    private int at;
    boolean unterminated;

    Rows(String text) {
      this.text = text == null ? "" : text;
    }

    List<String> next() {
      if (at >= text.length()) {
        return null;
      }
      List<String> fields = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      boolean quoted = false;
      while (at < text.length()) {
        char c = text.charAt(at++);
        if (quoted) {
          if (c == '"') {
            if (at < text.length() && text.charAt(at) == '"') {
              field.append('"');
              at++;
            } else {
              quoted = false;
            }
          } else {
            field.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          fields.add(field.toString());
          field.setLength(0);
        } else if (c == '\n' || c == '\r') {
          if (c == '\r' && at < text.length() && text.charAt(at) == '\n') {
            at++;
          }
          fields.add(field.toString());
          return fields;
        } else {
          field.append(c);
        }
      }
      unterminated = quoted;
      fields.add(field.toString());
      return fields;
    }
  }
}
