package dev.sluice.api.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Renders docs/crd-reference.md from CRD manifests: one section per kind, one table per object of its schema
 * (field, type, required, limits, description, CEL validation rules). The pod template is Kubernetes' own type and
 * is linked, not expanded.
 */
final class CrdReference {
  static final String POD_TEMPLATE_LINK =
      "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-template-v1/#PodTemplateSpec";
  /** A job metric's spec is Kubernetes' JobSpec: linked, not repeated field by field. */
  static final String JOB_SPEC_LINK =
      "https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/job-v1/#JobSpec";

  private CrdReference() {
  }

  /** The whole reference for the given CRDs, in the given order. */
  static String render(List<JsonNode> crds) {
    StringBuilder out = new StringBuilder();
    out.append("# CRD reference: sluice.dev/v1alpha1\n\n")
        .append("<!-- Generated from crds/manifests/*.sluice.dev.yaml by CrdReference (crds/src/test); do not edit.\n")
        .append("     Regenerate with hack/update-crds.sh. -->\n\n")
        .append("Every field of Sluice's custom resources as the API server sees it: the committed CRDs' OpenAPI\n")
        .append("schema, its limits and its CEL `x-kubernetes-validations` rules (the API server rejects a manifest\n")
        .append("that breaks one, with the rule's message; `kubectl sluice lint` applies the same rules offline).\n")
        .append("Defaults that the controller applies are named in the descriptions.\n\n");
    for (JsonNode crd : crds) {
      String kind = crd.at("/spec/names/kind").asText();
      out.append("- [").append(kind).append("](#").append(anchor(kind)).append(")\n");
    }
    out.append('\n');
    for (JsonNode crd : crds) {
      renderKind(crd, out);
    }
    return out.toString();
  }

  private static void renderKind(JsonNode crd, StringBuilder out) {
    JsonNode names = crd.at("/spec/names");
    String kind = names.path("kind").asText();
    out.append("## ").append(kind).append("\n\n");
    List<String> facts = new ArrayList<>();
    facts.add("`" + crd.at("/spec/group").asText() + "`");
    facts.add(crd.at("/spec/scope").asText().toLowerCase(Locale.ROOT));
    facts.add("plural `" + names.path("plural").asText() + "`");
    for (JsonNode shortName : names.path("shortNames")) {
      facts.add("short name `" + shortName.asText() + "`");
    }
    out.append(String.join(", ", facts)).append(".\n\n");
    for (JsonNode version : crd.at("/spec/versions")) {
      String prefix = kind + " ";
      JsonNode schema = version.at("/schema/openAPIV3Schema");
      List<String> columns = new ArrayList<>();
      for (JsonNode column : version.path("additionalPrinterColumns")) {
        columns.add(column.path("name").asText() + " (`" + column.path("jsonPath").asText() + "`)");
      }
      out.append("Version `").append(version.path("name").asText()).append("`");
      if (version.at("/subresources/status").isObject()) {
        out.append(", with the status subresource");
      }
      out.append(".");
      if (!columns.isEmpty()) {
        out.append(" `kubectl get` columns: ").append(String.join(", ", columns)).append('.');
      }
      out.append("\n\n");
      renderObject(prefix, "", schema, out);
    }
  }

  /** A table for the object at path, then one for each object below it, depth first. */
  private static void renderObject(String prefix, String path, JsonNode schema, StringBuilder out) {
    JsonNode properties = schema.path("properties");
    if (!path.isEmpty()) {
      out.append("### ").append(prefix).append(path).append("\n\n");
      appendIfPresent(out, schema.path("description").asText(""));
    }
    Set<String> required = new TreeSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    List<String[]> children = new ArrayList<>();
    out.append("| Field | Type | Required | Limits | Description | Validation |\n")
        .append("| --- | --- | --- | --- | --- | --- |\n");
    properties.fieldNames().forEachRemaining(name -> {
      JsonNode field = properties.get(name);
      String fieldPath = path.isEmpty() ? name : path + "." + name;
      String type;
      if (fieldPath.equals("spec.template")) {
        type = "[PodTemplateSpec](" + POD_TEMPLATE_LINK + ")";
      } else if (fieldPath.equals("spec.metrics[].provider.job.spec")) {
        type = "[JobSpec](" + JOB_SPEC_LINK + ")";
      } else {
        String nested = nestedObjectPath(fieldPath, field);
        type = typeOf(field, nested == null ? null : prefix + nested);
        if (nested != null) {
          children.add(new String[] {nested, name});
        }
      }
      out.append("| `").append(fieldPath).append("` | ").append(type)
          .append(" | ").append(required.contains(name) ? "yes" : "")
          .append(" | ").append(cell(String.join("; ", limits(field))))
          .append(" | ").append(cell(field.path("description").asText("")))
          .append(" | ").append(cell(String.join("<br>", validations(field))))
          .append(" |\n");
    });
    out.append('\n');
    for (String[] child : children) {
      renderObject(prefix, child[0], objectSchema(properties.get(child[1])), out);
    }
  }

  /** The schema of the object a field holds: itself, its array items or its map values. */
  private static JsonNode objectSchema(JsonNode field) {
    if (field.has("properties")) {
      return field;
    }
    if (field.path("items").has("properties")) {
      return field.get("items");
    }
    return field.path("additionalProperties");
  }

  /** The path under which the object a field holds gets its own table, or null when it holds none. */
  private static String nestedObjectPath(String fieldPath, JsonNode field) {
    if (field.has("properties")) {
      return fieldPath;
    }
    if (field.path("items").has("properties")) {
      return fieldPath + "[]";
    }
    if (field.path("additionalProperties").has("properties")) {
      return fieldPath + "{}";
    }
    return null;
  }

  private static String typeOf(JsonNode field, String objectHeading) {
    if (field.path("x-kubernetes-int-or-string").asBoolean(false)) {
      return "int-or-string";
    }
    String type = field.path("type").asText("");
    String link = objectHeading == null ? null : "[object](#" + anchor(objectHeading) + ")";
    switch (type) {
      case "array":
        return "array of " + (link != null ? link : typeOf(field.path("items"), null));
      case "object":
        if (field.has("additionalProperties") && !field.has("properties")) {
          JsonNode values = field.get("additionalProperties");
          return "map of " + (link != null ? link : typeOf(values, null));
        }
        return link != null ? link : "object";
      default:
        return type.isEmpty() ? "any" : type;
    }
  }

  private static List<String> limits(JsonNode field) {
    List<String> out = new ArrayList<>();
    if (field.has("default")) {
      out.add("default `" + field.get("default") + "`");
    }
    if (field.has("enum")) {
      List<String> values = new ArrayList<>();
      field.get("enum").forEach(v -> values.add("`" + v.asText() + "`"));
      out.add("one of " + String.join(", ", values));
    }
    bound(out, field, "minimum", ">= ");
    bound(out, field, "maximum", "<= ");
    bound(out, field, "minLength", "length >= ");
    bound(out, field, "maxLength", "length <= ");
    bound(out, field, "minItems", "items >= ");
    bound(out, field, "maxItems", "items <= ");
    if (field.has("pattern")) {
      out.add("pattern `" + field.get("pattern").asText() + "`");
    }
    if (field.path("items").isObject() && !field.path("items").has("properties")) {
      limits(field.get("items")).forEach(limit -> out.add("each item: " + limit));
    }
    return out;
  }

  private static void bound(List<String> out, JsonNode field, String keyword, String label) {
    if (field.has(keyword)) {
      JsonNode value = field.get(keyword);
      out.add(label + (value.canConvertToLong() && value.asDouble() == value.asLong() ? String.valueOf(value.asLong()) : value.asText()));
    }
  }

  /** The field's CEL rules, then those of each array item or map value. */
  private static List<String> validations(JsonNode field) {
    List<String> out = new ArrayList<>();
    addRules(out, "", field);
    addRules(out, "each item: ", field.path("items"));
    addRules(out, "each value: ", field.path("additionalProperties"));
    return out;
  }

  private static void addRules(List<String> out, String scope, JsonNode schema) {
    for (JsonNode rule : schema.path("x-kubernetes-validations")) {
      out.add(scope + rule.path("message").asText("") + ": `" + rule.path("rule").asText() + "`");
    }
  }

  private static void appendIfPresent(StringBuilder out, String text) {
    if (!text.isBlank()) {
      out.append(oneLine(text)).append("\n\n");
    }
  }

  /** Text safe inside a Markdown table cell: one line, pipes escaped. */
  static String cell(String text) {
    return oneLine(text).replace("|", "\\|");
  }

  private static String oneLine(String text) {
    return text.trim().replaceAll("\\s*\\n\\s*", " ");
  }

  /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
  }
}
