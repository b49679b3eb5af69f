package dev.sluice.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.api.v1alpha1.Rollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validates a sluice.dev manifest as the API server would on create (metadata, unknown fields, schema and CEL rules
 * of the CRD), then with the checks the controller makes that need no cluster (see {@link RolloutSemantics}).
 */
public final class ManifestValidator {
  private static final String API_VERSION = Rollout.GROUP + "/" + Rollout.VERSION;
  private final CrdCatalog catalog;
  private final SchemaValidator schemaValidator = new SchemaValidator();
  private final ObjectMapper mapper = new ObjectMapper();

  public ManifestValidator(CrdCatalog catalog) {
    this.catalog = catalog;
  }

  public ManifestValidator() {
    this(CrdCatalog.load());
  }

  /** Whether the manifest is one of Sluice's kinds. */
  public boolean handles(JsonNode manifest) {
    return API_VERSION.equals(manifest.path("apiVersion").asText()) && catalog.schema(manifest.path("kind").asText()).isPresent();
  }

  /**
   * Everything wrong with the manifest, in the order the API server works: metadata, unknown fields (pruned), schema
   * and CEL rules of the pruned object; then, marked {@link Violation.Checker#CONTROLLER}, what only the controller
   * refuses.
   */
  public List<Violation> validate(JsonNode manifest) {
    List<Violation> out = new ArrayList<>();
    String kind = manifest.path("kind").asText();
    if (!API_VERSION.equals(manifest.path("apiVersion").asText())) {
      out.add(new Violation("apiVersion", "expected " + API_VERSION));
      return out;
    }
    Optional<JsonNode> schema = catalog.schema(kind);
    if (schema.isEmpty()) {
      out.add(new Violation("kind", "unknown kind \"" + kind + "\""));
      return out;
    }
    JsonNode metadata = manifest.path("metadata");
    if (!metadata.isMissingNode() && !metadata.isNull() && !metadata.isObject()) {
      out.add(new Violation("metadata", "must be of type object"));
      return out;
    }
    out.addAll(ObjectMetaRules.check(metadata, catalog.namespaced(kind)));
    ObjectNode received = manifest.deepCopy();
    if (catalog.hasStatusSubresource(kind)) {
      received.remove("status");
    }
    Pruning.Result pruning = Pruning.prune(received, schema.get());
    out.addAll(pruning.unknownFields());
    List<Violation> schemaViolations = schemaValidator.validate(pruning.pruned(), schema.get(), "");
    out.addAll(schemaViolations);
    if (kind.equals("Rollout")) {
      controllerChecks(pruning.pruned()).forEach(v -> out.add(v.byController()));
    }
    return out;
  }

  /** The controller's offline checks, when the spec can be read at all (a value of the wrong type cannot). */
  private List<Violation> controllerChecks(JsonNode pruned) {
    Rollout rollout;
    try {
      rollout = mapper.convertValue(pruned, Rollout.class);
    } catch (IllegalArgumentException e) {
      return List.of();
    }
    return RolloutSemantics.check(rollout.getSpec());
  }
}
