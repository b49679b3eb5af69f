package dev.sluice.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.sluice.api.v1alpha1.Rollout;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Sluice's CRDs as generated from the API classes, read from the classpath, and their schemas by kind. */
public final class CrdCatalog {
  public static final List<String> PLURALS = List.of("rollouts", "analysistemplates", "clusteranalysistemplates", "analysisruns");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<String, JsonNode> crdsByKind;

  private CrdCatalog(Map<String, JsonNode> crdsByKind) {
    this.crdsByKind = crdsByKind;
  }

  public static CrdCatalog load() {
    return new CrdCatalog(PLURALS.stream().map(CrdCatalog::read)
        .collect(Collectors.toMap(crd -> crd.at("/spec/names/kind").asText(), Function.identity())));
  }

  /**
   * The generated CRD for a plural, e.g. "rollouts", as a JSON tree, with the quantity format the generator cannot
   * attach to fabric8's pod template ({@link QuantityFormat}).
   */
  public static JsonNode read(String plural) {
    String resource = "META-INF/fabric8/" + plural + "." + Rollout.GROUP + "-v1.yml";
    try (InputStream in = CrdCatalog.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("CRD not on the classpath: " + resource);
      }
      JsonNode crd = YAML.readTree(in);
      QuantityFormat.constrain(crd.at("/spec/versions"));
      return crd;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The openAPIV3Schema of kind in version v1alpha1. */
  public Optional<JsonNode> schema(String kind) {
    return version(kind).map(version -> version.at("/schema/openAPIV3Schema"));
  }

  /** Whether kind lives in a namespace (false: cluster-scoped, like ClusterAnalysisTemplate). */
  public boolean namespaced(String kind) {
    return Optional.ofNullable(crdsByKind.get(kind)).map(crd -> crd.at("/spec/scope").asText()).orElse("").equals("Namespaced");
  }

  /** Whether kind has a status subresource: then the API server drops the status of what is created. */
  public boolean hasStatusSubresource(String kind) {
    return version(kind).map(version -> version.at("/subresources/status").isObject()).orElse(false);
  }

  private Optional<JsonNode> version(String kind) {
    return Optional.ofNullable(crdsByKind.get(kind)).map(crd -> {
      for (JsonNode version : crd.at("/spec/versions")) {
        if (version.path("name").asText().equals(Rollout.VERSION)) {
          return version;
        }
      }
      return null;
    });
  }
}
