package dev.sluice.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * The generator writes every resource quantity of fabric8's pod template (container and pod resources, overhead,
 * emptyDir sizeLimit, resourceFieldRef divisor, ephemeral volume claims) as a bare int-or-string, so the API server
 * stored a Rollout with {@code memory: invalid} and only the ReplicaSet it was meant to become was refused. This
 * adds the quantity grammar as a {@code pattern} to each of them, once, in the schema the committed CRDs and the
 * offline validator ({@code kubectl sluice lint}) both read.
 *
 * <p>A pattern, not the CEL rule {@code isQuantity(self)}: CEL is costed per value, and these values sit in lists
 * the generated schema leaves unbounded (containers, volumes, env), which puts the estimated cost far past what the
 * API server admits in a CRD. A pattern costs nothing; integers are not checked by it and are valid quantities.
 */
final class QuantityFormat {
  /**
   * Kubernetes' quantity grammar: a signed decimal number, then a binary suffix (Ki..Ei), a decimal one (n, u, m, k,
   * M, G, T, P, E) or a decimal exponent (e3, E-2).
   */
  static final String PATTERN = "^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(([KMGTPE]i)|[numkMGTPE]|([eE][+-]?[0-9]+))?$";
  /** Maps of resource name to quantity. */
  private static final Set<String> QUANTITY_MAPS = Set.of("limits", "requests", "overhead");
  /** Single quantities. */
  private static final Set<String> QUANTITY_FIELDS = Set.of("sizeLimit", "divisor");

  private QuantityFormat() {
  }

  /** Adds the pattern to every quantity under schema, in place. */
  static void constrain(JsonNode schema) {
    if (schema.isArray()) {
      schema.forEach(QuantityFormat::constrain);
      return;
    }
    if (!schema.isObject()) {
      return;
    }
    JsonNode properties = schema.get("properties");
    if (properties != null && properties.isObject()) {
      for (Map.Entry<String, JsonNode> property : properties.properties()) {
        if (QUANTITY_MAPS.contains(property.getKey())) {
          addPattern(property.getValue().get("additionalProperties"));
        } else if (QUANTITY_FIELDS.contains(property.getKey())) {
          addPattern(property.getValue());
        }
      }
    }
    schema.forEach(QuantityFormat::constrain);
  }

  private static void addPattern(JsonNode schema) {
    if (schema instanceof ObjectNode node && node.path("x-kubernetes-int-or-string").asBoolean(false)) {
      node.put("pattern", PATTERN);
    }
  }
}
