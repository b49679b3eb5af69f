package dev.sluice.operator.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.MapperFeature;
import dev.sluice.api.v1alpha1.RolloutLabels;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;

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
    PodTemplateSpec copy = CANONICAL.convertValue(template, PodTemplateSpec.class);
    if (copy.getMetadata() != null && copy.getMetadata().getLabels() != null) {
      var labels = new HashMap<>(copy.getMetadata().getLabels());
      labels.remove(RolloutLabels.POD_TEMPLATE_HASH);
      copy.getMetadata().setLabels(labels);
    }
    byte[] json;
    try {
      json = CANONICAL.writeValueAsBytes(copy);
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
