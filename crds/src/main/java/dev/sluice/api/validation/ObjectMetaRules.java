package dev.sluice.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The API server's checks of a custom resource's metadata on create (ValidateObjectMetaAccessor with
 * NameIsDNSSubdomain), in its words: a name or a generateName, each a DNS-1123 subdomain (generateName only as a
 * prefix), a DNS-1123 label for the namespace, qualified names for label and annotation keys, label values.
 */
final class ObjectMetaRules {
  private static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_SUBDOMAIN = DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*";
  private static final Pattern SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN);
  private static final Pattern LABEL = Pattern.compile(DNS1123_LABEL);
  private static final String QUALIFIED_NAME = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final Pattern NAME_PART = Pattern.compile(QUALIFIED_NAME);
  private static final String LABEL_VALUE = "(" + QUALIFIED_NAME + ")?";
  private static final Pattern LABEL_VALUE_PATTERN = Pattern.compile(LABEL_VALUE);
  private static final int MAX_SUBDOMAIN = 253;
  private static final int MAX_LABEL = 63;
  private static final int MAX_ANNOTATIONS_BYTES = 256 * 1024;

  private ObjectMetaRules() {
  }

  static List<Violation> check(JsonNode metadata, boolean namespaced) {
    List<Violation> out = new ArrayList<>();
    if (!wellTyped(metadata, out)) {
      // The API server cannot even decode such metadata (a 400, before any validation).
      return out;
    }
    String name = metadata.path("name").asText("");
    String generateName = metadata.path("generateName").asText("");
    if (name.isEmpty() && generateName.isEmpty()) {
      out.add(new Violation("metadata.name", "Required value: name or generateName is required"));
    }
    if (!generateName.isEmpty()) {
      // The server appends five random characters; a trailing '-' is how prefixes usually end.
      subdomain(generateName.endsWith("-") ? generateName.substring(0, generateName.length() - 1) + "a" : generateName,
          generateName, "metadata.generateName", out);
    }
    if (!name.isEmpty()) {
      subdomain(name, name, "metadata.name", out);
    }
    String namespace = metadata.path("namespace").asText("");
    if (namespaced && !namespace.isEmpty()) {
      if (namespace.length() > MAX_LABEL) {
        out.add(invalid("metadata.namespace", namespace, "must be no more than " + MAX_LABEL + " characters"));
      }
      if (!LABEL.matcher(namespace).matches()) {
        out.add(invalid("metadata.namespace", namespace, "a lowercase RFC 1123 label must consist of lower case "
            + "alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or "
            + "'123-abc', regex used for validation is '" + DNS1123_LABEL + "')"));
      }
    }
    for (Map.Entry<String, JsonNode> label : metadata.path("labels").properties()) {
      qualifiedName(label.getKey(), "metadata.labels", out);
      String value = label.getValue().asText("");
      if (value.length() > MAX_LABEL) {
        out.add(invalid("metadata.labels", value, "must be no more than " + MAX_LABEL + " characters"));
      }
      if (!LABEL_VALUE_PATTERN.matcher(value).matches()) {
        out.add(invalid("metadata.labels", value, "a valid label must be an empty string or consist of alphanumeric "
            + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
            + "'my_value',  or '12345', regex used for validation is '" + LABEL_VALUE + "')"));
      }
    }
    int annotationBytes = 0;
    for (Map.Entry<String, JsonNode> annotation : metadata.path("annotations").properties()) {
      qualifiedName(annotation.getKey().toLowerCase(Locale.ROOT), "metadata.annotations", out);
      annotationBytes += annotation.getKey().getBytes(StandardCharsets.UTF_8).length
          + annotation.getValue().asText("").getBytes(StandardCharsets.UTF_8).length;
    }
    if (annotationBytes > MAX_ANNOTATIONS_BYTES) {
      out.add(new Violation("metadata.annotations", "Too long: may not be more than " + MAX_ANNOTATIONS_BYTES + " bytes"));
    }
    return out;
  }

  /** name, generateName and namespace are strings; labels and annotations maps of strings. */
  private static boolean wellTyped(JsonNode metadata, List<Violation> out) {
    for (String field : List.of("name", "generateName", "namespace")) {
      JsonNode value = metadata.path(field);
      if (!value.isMissingNode() && !value.isNull() && !value.isTextual()) {
        out.add(new Violation("metadata." + field, "must be of type string"));
      }
    }
    for (String field : List.of("labels", "annotations")) {
      JsonNode map = metadata.path(field);
      if (map.isMissingNode() || map.isNull()) {
        continue;
      }
      if (!map.isObject()) {
        out.add(new Violation("metadata." + field, "must be of type object"));
        continue;
      }
      for (Map.Entry<String, JsonNode> entry : map.properties()) {
        if (!entry.getValue().isTextual() && !entry.getValue().isNull()) {
          out.add(new Violation("metadata." + field, "must be a map of strings: \"" + entry.getKey() + "\" is not a string"));
        }
      }
    }
    return out.isEmpty();
  }

  private static void subdomain(String checked, String shown, String field, List<Violation> out) {
    if (checked.length() > MAX_SUBDOMAIN) {
      out.add(invalid(field, shown, "must be no more than " + MAX_SUBDOMAIN + " characters"));
    }
    if (!SUBDOMAIN.matcher(checked).matches()) {
      out.add(invalid(field, shown, "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
          + "'-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for "
          + "validation is '" + DNS1123_SUBDOMAIN + "')"));
    }
  }

  /** A label or annotation key: an optional DNS subdomain prefix and '/', then a name part of at most 63 characters. */
  private static void qualifiedName(String key, String field, List<Violation> out) {
    String[] parts = key.split("/", -1);
    if (parts.length > 2) {
      out.add(invalid(field, key, "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and "
          + "must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used "
          + "for validation is '" + QUALIFIED_NAME + "') with an optional DNS subdomain prefix and '/' (e.g. "
          + "'example.com/MyName')"));
      return;
    }
    String namePart = parts[parts.length - 1];
    if (parts.length == 2) {
      String prefix = parts[0];
      if (prefix.isEmpty()) {
        out.add(invalid(field, key, "prefix part must be non-empty"));
      } else if (prefix.length() > MAX_SUBDOMAIN || !SUBDOMAIN.matcher(prefix).matches()) {
        out.add(invalid(field, key, "prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
            + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
            + "used for validation is '" + DNS1123_SUBDOMAIN + "')"));
      }
    }
    if (namePart.isEmpty()) {
      out.add(invalid(field, key, "name part must be non-empty"));
    } else if (namePart.length() > MAX_LABEL) {
      out.add(invalid(field, key, "name part must be no more than " + MAX_LABEL + " characters"));
    } else if (!NAME_PART.matcher(namePart).matches()) {
      out.add(invalid(field, key, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
          + "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
          + "validation is '" + QUALIFIED_NAME + "')"));
    }
  }

  private static Violation invalid(String field, String value, String why) {
    return new Violation(field, "Invalid value: \"" + value + "\": " + why);
  }
}
