package dev.sluice.operator.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.MapperFeature;
import dev.sluice.api.v1alpha1.RolloutLabels;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;

/**
 * A stable name for a pod template revision: FNV-1a (32 bit) over the template's canonical JSON (keys sorted, the hash
 * label itself left out), written with Kubernetes' safe alphabet (no vowels, so no words), as ReplicaSet names use.
 */
public final class PodTemplateHash {
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final ObjectMapper CANONICAL = JsonMapper.builder()
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .build();

  private PodTemplateHash() {
  }

  public static String of(PodTemplateSpec template) {
    // A tree of the template, not a copy of it: Jackson binding a PodTemplateSpec back was ~20% of a reconcile's
    // CPU. The tree holds the same canonical JSON (sorted properties and map keys), so the hash is unchanged.
    ObjectNode tree = CANONICAL.valueToTree(template);
    if (tree.path("metadata") instanceof ObjectNode metadata && metadata.path("labels") instanceof ObjectNode labels) {
      labels.remove(RolloutLabels.POD_TEMPLATE_HASH);
      if (labels.isEmpty()) {
        metadata.remove("labels"); // as the template's own JSON leaves out empty labels
      }
    }
    byte[] json;
    try {
      json = CANONICAL.writeValueAsBytes(tree);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    int hash = 0x811c9dc5;
    for (byte b : json) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return encode(Integer.toUnsignedString(hash));
  }

  private static String encode(String digits) {
    StringBuilder out = new StringBuilder(digits.length());
    for (byte b : digits.getBytes(StandardCharsets.US_ASCII)) {
      out.append(ALPHABET.charAt(b % ALPHABET.length()));
    }
    return out.toString();
  }
}
