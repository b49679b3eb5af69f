package dev.sluice.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sluice.traffic.patch.Json;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/** Live objects as the API server stores them, and the GitOps agent that owns them in these tests. */
public final class LiveObjects {
  /** The field manager standing in for Argo CD or Flux: server-side apply, as they do. */
  public static final String GITOPS = "argocd-controller";

  private LiveObjects() {
  }

  public static void applyAsGitOps(KubernetesClient client, String namespace, String yaml) {
    client.resource(yaml).inNamespace(namespace).fieldManager(GITOPS).forceConflicts().serverSideApply();
  }

  public static ObjectNode json(KubernetesClient client, String namespace, String apiVersion, String kind, String name) {
    GenericKubernetesResource object = client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withName(name).get();
    return (ObjectNode) Json.tree(object);
  }

  public static String resourceVersion(JsonNode object) {
    return object.at("/metadata/resourceVersion").asText();
  }

  /** The object without what every write changes (resourceVersion, generation, managedFields). */
  public static ObjectNode content(JsonNode object) {
    ObjectNode copy = object.deepCopy();
    ((ObjectNode) copy.get("metadata")).remove(List.of("resourceVersion", "generation", "managedFields"));
    return copy;
  }

  /** The fieldsV1 of every managedFields entry of this manager. */
  public static List<JsonNode> fieldsOf(JsonNode object, String manager) {
    List<JsonNode> fields = new ArrayList<>();
    object.at("/metadata/managedFields").forEach(entry -> {
      if (manager.equals(entry.path("manager").asText())) {
        fields.add(entry.get("fieldsV1"));
      }
    });
    return fields;
  }

  public static JsonNode json(String json) {
    return Json.read(json, JsonNode.class);
  }
}
