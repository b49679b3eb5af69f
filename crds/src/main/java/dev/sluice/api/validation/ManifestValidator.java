package dev.sluice.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.Rollout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validates a sluice.dev manifest as the API server would (schema and CEL rules of the CRD), then with the
 * checks the controller makes that need no cluster (see {@link RolloutSemantics}).
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
    if (manifest.path("metadata").path("name").asText("").isEmpty()) {
      out.add(new Violation("metadata.name", "Required value"));
    }
    out.addAll(schemaValidator.validate(manifest, schema.get(), ""));
    if (out.isEmpty() && kind.equals("Rollout")) {
      Rollout rollout = mapper.convertValue(manifest, Rollout.class);
      out.addAll(RolloutSemantics.check(rollout.getSpec()));
    }
    return out;
  }
}
