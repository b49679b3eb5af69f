package dev.sluice.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** The values by which a canary's pod template differs from the stable one. */
public final class PodTemplateDiff {

  /**
   * Labels and annotations that controllers add to a released template, never written in Git: the
   * pod-template-hash labels (Sluice's, Argo Rollouts', the Deployment controller's).
   */
  public static final Predicate<String> CONTROLLER_METADATA =
      key -> key.equals("pod-template-hash") || key.endsWith("pod-template-hash");

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PodTemplateDiff() {
  }

  public static List<ValueChange> between(PodTemplateSpec stable, PodTemplateSpec bad) {
    return between(stable, bad, CONTROLLER_METADATA);
  }

  /**
   * @param ignoredMetadataKey label and annotation keys to leave out (they are set by controllers, not Git)
   */
  public static List<ValueChange> between(PodTemplateSpec stable, PodTemplateSpec bad,
      Predicate<String> ignoredMetadataKey) {
    Map<FieldPath, String> before = flatten(MAPPER.valueToTree(stable), ignoredMetadataKey);
    Map<FieldPath, String> after = flatten(MAPPER.valueToTree(bad), ignoredMetadataKey);
    Set<FieldPath> fields = new LinkedHashSet<>(before.keySet());
    fields.addAll(after.keySet());
    List<ValueChange> changes = new ArrayList<>();
    for (FieldPath field : fields) {
      String a = before.get(field);
      String b = after.get(field);
      if (a == null ? b != null : !a.equals(b)) {
        changes.add(new ValueChange(field, a, b));
      }
    }
    return changes;
  }

  private static Map<FieldPath, String> flatten(JsonNode node, Predicate<String> ignoredMetadataKey) {
    Map<FieldPath, String> leaves = new LinkedHashMap<>();
    if (node != null && !node.isNull()) {
      flatten(node, new FieldPath(List.of()), leaves, ignoredMetadataKey);
    }
    return leaves;
  }

  private static void flatten(JsonNode node, FieldPath path, Map<FieldPath, String> leaves,
      Predicate<String> ignoredMetadataKey) {
    if (node.isObject()) {
      boolean metadataMap = path.size() == 2 && path.tokens().get(0).equals("metadata")
          && (path.last().equals("labels") || path.last().equals("annotations"));
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (metadataMap && ignoredMetadataKey.test(field.getKey())) {
          continue;
        }
        flatten(field.getValue(), path.child(field.getKey()), leaves, ignoredMetadataKey);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        JsonNode name = item.isObject() ? item.get("name") : null;
        String token = name != null && name.isValueNode() ? FieldPath.named(name.asText()) : FieldPath.index(i);
        flatten(item, path.child(token), leaves, ignoredMetadataKey);
      }
    } else if (!node.isNull() && !node.isMissingNode()) {
      leaves.put(path, node.asText());
    }
  }
}
