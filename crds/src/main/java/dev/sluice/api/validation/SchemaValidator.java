package dev.sluice.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.values.NullValue;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a value against a CRD's structural OpenAPI schema and its x-kubernetes-validations rules, the way the
 * API server does, so that invalid manifests are caught offline with the same field paths and messages. Unknown
 * fields are {@link Pruning}'s business: this sees the pruned value.
 */
public final class SchemaValidator {
  private final CelRules rules = new CelRules();
  private final Map<String, Pattern> patterns = new java.util.concurrent.ConcurrentHashMap<>();

  /** Errors in a subtree: some, and among them values of the wrong type. */
  private static final int ERRORS = 1;
  private static final int TYPE_ERRORS = 2;

  /**
   * Validates a value the API server has pruned (see {@link Pruning}). Unlike the API server, which skips every CEL
   * rule once the object has a missing field, a wrong type or a value outside an enum, it evaluates every rule it
   * can: a parent's rules still run after a child failed. It skips only what cannot be evaluated: the rules above a
   * value of the wrong type, and a rule whose evaluation fails on a subtree that already has errors (a missing field).
   */
  public List<Violation> validate(JsonNode value, JsonNode schema, String path) {
    List<Violation> out = new ArrayList<>();
    check(value, schema, path, out);
    return out;
  }

  private int check(JsonNode value, JsonNode schema, String path, List<Violation> out) {
    if (value == null || value.isMissingNode() || value.isNull()) {
      return 0;
    }
    if (!typeMatches(value, schema)) {
      out.add(new Violation(path, "must be of type " + expectedType(schema)));
      return ERRORS | TYPE_ERRORS;
    }
    int before = out.size();
    int subtree = 0;
    checkBounds(value, schema, path, out);
    if (value.isObject()) {
      subtree |= checkObject(value, schema, path, out);
    } else if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        subtree |= check(value.get(i), schema.get("items"), path + "[" + i + "]", out);
      }
    }
    if (out.size() > before) {
      subtree |= ERRORS;
    }
    if ((subtree & TYPE_ERRORS) == 0 && schema.has("x-kubernetes-validations")) {
      evaluateRules(value, schema.get("x-kubernetes-validations"), path, subtree != 0, out);
    }
    return subtree;
  }

  private void evaluateRules(JsonNode value, JsonNode validations, String path, boolean subtreeHasErrors, List<Violation> out) {
    Object self = toCel(value);
    for (JsonNode rule : validations) {
      String text = rule.get("rule").asText();
      CelRules.Outcome outcome = rules.evaluate(text, self);
      if (outcome.failedToEvaluate()) {
        if (!subtreeHasErrors) {
          // The API server's words for a rule that cannot be evaluated (no such key, no such overload...).
          out.add(new Violation(path, outcome.error() + " evaluating rule: " + text));
        }
      } else if (!outcome.holds()) {
        String field = path + rule.path("fieldPath").asText("");
        String message = rule.has("message") ? rule.get("message").asText() : "failed rule: " + text;
        // The API server words a rule with reason FieldValueRequired as field.Required does.
        if ("FieldValueRequired".equals(rule.path("reason").asText())) {
          message = "Required value: " + message;
        }
        out.add(new Violation(field, message));
      }
    }
  }

  private int checkObject(JsonNode value, JsonNode schema, String path, List<Violation> out) {
    int subtree = 0;
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText()) || value.get(required.asText()).isNull()) {
        out.add(new Violation(join(path, required.asText()), "Required value"));
      }
    }
    JsonNode properties = schema.get("properties");
    JsonNode additional = schema.get("additionalProperties");
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String name = field.getKey();
      String fieldPath = join(path, name);
      if (properties != null && properties.has(name)) {
        subtree |= check(field.getValue(), properties.get(name), fieldPath, out);
      } else if (additional != null && additional.isObject()) {
        // The API server's schema validation names a map entry as a field: resources.limits.memory.
        subtree |= check(field.getValue(), additional, fieldPath, out);
      }
    }
    return subtree;
  }

  private void checkBounds(JsonNode value, JsonNode schema, String path, List<Violation> out) {
    if (schema.has("enum")) {
      boolean found = false;
      List<String> allowed = new ArrayList<>();
      for (JsonNode e : schema.get("enum")) {
        allowed.add(e.asText());
        found |= e.equals(value);
      }
      if (!found) {
        out.add(new Violation(path, "Unsupported value: \"" + value.asText() + "\": supported values: " + allowed));
      }
    }
    if (value.isNumber()) {
      if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
        out.add(new Violation(path, "should be greater than or equal to " + number(schema.get("minimum"))));
      }
      if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
        out.add(new Violation(path, "should be less than or equal to " + number(schema.get("maximum"))));
      }
    }
    if (value.isTextual()) {
      if (schema.has("pattern") && !pattern(schema.get("pattern").asText()).matcher(value.asText()).find()) {
        // The API server's own words, and for a quantity what it means: the regular expression alone says little.
        String hint = QuantityFormat.PATTERN.equals(schema.get("pattern").asText())
            ? " (a quantity such as 500m, 0.5, 64Mi or 1e3)" : "";
        out.add(new Violation(path, "should match '" + schema.get("pattern").asText() + "'" + hint));
      }
      if (schema.has("minLength") && value.asText().length() < schema.get("minLength").asInt()) {
        out.add(new Violation(path, "should be at least " + schema.get("minLength").asInt() + " chars long"));
      }
      if (schema.has("maxLength") && value.asText().length() > schema.get("maxLength").asInt()) {
        out.add(new Violation(path, "may not be more than " + schema.get("maxLength").asInt() + " bytes"));
      }
    }
    if (value.isArray()) {
      if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
        out.add(new Violation(path, "should have at least " + schema.get("minItems").asInt() + " items"));
      }
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
        out.add(new Violation(path, "must have at most " + schema.get("maxItems").asInt() + " items"));
      }
    }
  }

  private Pattern pattern(String regex) {
    return patterns.computeIfAbsent(regex, Pattern::compile);
  }

  private static boolean typeMatches(JsonNode value, JsonNode schema) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return value.isIntegralNumber() || value.isTextual();
    }
    return switch (schema.path("type").asText("")) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      default -> true;
    };
  }

  private static String expectedType(JsonNode schema) {
    return schema.path("x-kubernetes-int-or-string").asBoolean(false) ? "integer,string" : schema.path("type").asText();
  }

  private static String number(JsonNode n) {
    double d = n.asDouble();
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  /** JSON as CEL sees it: maps, lists, int64, double, string, bool, null. */
  static Object toCel(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>(node.size());
      node.forEach(n -> list.add(toCel(n)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    if (node.isNull()) {
      return NullValue.NULL_VALUE;
    }
    return node.asText();
  }
}
