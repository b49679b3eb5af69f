package dev.sluice.operator.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.api.v1alpha1.PodTemplateMetadata;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.api.client.WriteTargets;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A role's labels and annotations (canaryMetadata, stableMetadata, activeMetadata, previewMetadata) on a revision:
 * on its ReplicaSet's pod template, so that new pods are born with them, and in place on the pods that run, as
 * Argo Rollouts does. What Sluice put there is recorded on the ReplicaSet ({@link RolloutLabels#ROLE_METADATA}), so
 * that exactly that is taken away when the role changes, and never a label the selector needs.
 */
public final class RolePodMetadata {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PatchContext MERGE = new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
      .withFieldManager(RolloutLabels.FIELD_MANAGER).build();

  private final KubernetesClient client;
  /** Label keys the role metadata never sets or removes: the selector's and the revision hash. */
  private final Set<String> untouchable;

  RolePodMetadata(KubernetesClient client, Set<String> selectorKeys) {
    this.client = client;
    Set<String> keys = new java.util.HashSet<>(selectorKeys);
    keys.add(RolloutLabels.POD_TEMPLATE_HASH);
    this.untouchable = Set.copyOf(keys);
  }

  /** What Sluice put on the ReplicaSet's pods; empty when nothing (or a record it cannot read). */
  public static PodTemplateMetadata recorded(ReplicaSet replicaSet) {
    Map<String, String> annotations = replicaSet.getMetadata().getAnnotations();
    String record = annotations == null ? null : annotations.get(RolloutLabels.ROLE_METADATA);
    if (record == null) {
      return empty();
    }
    try {
      return normalized(JSON.readValue(record, PodTemplateMetadata.class));
    } catch (JsonProcessingException e) {
      return empty();
    }
  }

  /** The ReplicaSet's pod template without the role metadata Sluice put there: the revision as Git wrote it. */
  public static void stripRole(PodTemplateSpec template, PodTemplateMetadata role) {
    ObjectMeta metadata = template.getMetadata();
    if (metadata == null) {
      return;
    }
    if (metadata.getLabels() != null) {
      Map<String, String> labels = new LinkedHashMap<>(metadata.getLabels());
      labels.keySet().removeAll(role.labels.keySet());
      metadata.setLabels(labels);
    }
    if (metadata.getAnnotations() != null) {
      Map<String, String> annotations = new LinkedHashMap<>(metadata.getAnnotations());
      annotations.keySet().removeAll(role.annotations.keySet());
      metadata.setAnnotations(annotations.isEmpty() ? null : annotations);
    }
  }

  /** A new revision's ReplicaSet: its pod template carries the role from the start, and the record says so. */
  void addTo(ReplicaSet replicaSet, PodTemplateMetadata role) {
    PodTemplateMetadata desired = normalized(role);
    if (same(desired, empty())) {
      return;
    }
    ObjectMeta template = replicaSet.getSpec().getTemplate().getMetadata();
    Map<String, Object> change = change(template, empty(), desired);
    template.setLabels(merged(template.getLabels(), change.get("labels")));
    template.setAnnotations(merged(template.getAnnotations(), change.get("annotations")));
    Map<String, String> annotations = new HashMap<>(Objects.requireNonNullElse(replicaSet.getMetadata().getAnnotations(), Map.of()));
    annotations.put(RolloutLabels.ROLE_METADATA, json(desired));
    replicaSet.getMetadata().setAnnotations(annotations);
  }

  /**
   * Gives the revision's pods the role (null: none). Nothing is written when the record already says so. Otherwise
   * the template first (pods created meanwhile are born right), then each running pod in place, then the record: a
   * failure on the way leaves the old record, and the next reconcile does it all again.
   */
  ReplicaSet sync(ReplicaSet replicaSet, PodTemplateMetadata role) {
    PodTemplateMetadata recorded = recorded(replicaSet);
    PodTemplateMetadata desired = normalized(role);
    if (same(recorded, desired)) {
      return replicaSet;
    }
    String namespace = replicaSet.getMetadata().getNamespace();
    String name = replicaSet.getMetadata().getName();
    Map<String, Object> templateChange = change(replicaSet.getSpec().getTemplate().getMetadata(), recorded, desired);
    if (!templateChange.isEmpty()) {
      WriteTargets.byName(client, ReplicaSet.class, namespace, name)
          .patch(MERGE, json(Map.of("spec", Map.of("template", Map.of("metadata", templateChange)))));
    }
    for (Pod pod : pods(replicaSet)) {
      Map<String, Object> podChange = change(pod.getMetadata(), recorded, desired);
      if (!podChange.isEmpty()) {
        try {
          WriteTargets.byName(client, Pod.class, namespace, pod.getMetadata().getName())
              .patch(MERGE, json(Map.of("metadata", podChange)));
        } catch (KubernetesClientException e) {
          if (e.getCode() != 404) {
            throw e;
          }
        }
      }
    }
    Map<String, Object> record = new HashMap<>();
    record.put(RolloutLabels.ROLE_METADATA, same(desired, empty()) ? null : json(desired));
    return WriteTargets.byName(client, ReplicaSet.class, namespace, name)
        .patch(MERGE, json(Map.of("metadata", Map.of("annotations", record))));
  }

  /** The ReplicaSet's pods that exist: those its selector matches and it controls. */
  private java.util.List<Pod> pods(ReplicaSet replicaSet) {
    Integer replicas = replicaSet.getStatus() == null ? null : replicaSet.getStatus().getReplicas();
    if (Objects.equals(replicaSet.getSpec().getReplicas(), 0) && (replicas == null || replicas == 0)) {
      return java.util.List.of();
    }
    String uid = replicaSet.getMetadata().getUid();
    return client.pods().inNamespace(replicaSet.getMetadata().getNamespace())
        .withLabels(replicaSet.getSpec().getSelector().getMatchLabels()).list().getItems().stream()
        .filter(p -> p.getMetadata().getOwnerReferences() != null && p.getMetadata().getOwnerReferences().stream()
            .anyMatch(o -> Boolean.TRUE.equals(o.getController()) && Objects.equals(o.getUid(), uid)))
        .toList();
  }

  /** The merge patch of metadata turning what was recorded into what is desired; empty when it changes nothing. */
  Map<String, Object> change(ObjectMeta current, PodTemplateMetadata recorded, PodTemplateMetadata desired) {
    Map<String, Object> change = new LinkedHashMap<>();
    Map<String, String> labels = changed(current == null ? null : current.getLabels(), recorded.labels, desired.labels, untouchable);
    Map<String, String> annotations = changed(current == null ? null : current.getAnnotations(), recorded.annotations,
        desired.annotations, Set.of());
    if (!labels.isEmpty()) {
      change.put("labels", labels);
    }
    if (!annotations.isEmpty()) {
      change.put("annotations", annotations);
    }
    return change;
  }

  /** Keys to set (their value) or remove (null). */
  private static Map<String, String> changed(Map<String, String> current, Map<String, String> recorded,
      Map<String, String> desired, Set<String> untouchable) {
    Map<String, String> now = current == null ? Map.of() : current;
    Map<String, String> change = new LinkedHashMap<>();
    desired.forEach((key, value) -> {
      if (!untouchable.contains(key) && !value.equals(now.get(key))) {
        change.put(key, value);
      }
    });
    recorded.keySet().forEach(key -> {
      if (!untouchable.contains(key) && !desired.containsKey(key) && now.containsKey(key)) {
        change.put(key, null);
      }
    });
    return change;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> merged(Map<String, String> base, Object change) {
    if (change == null) {
      return base;
    }
    Map<String, String> merged = new LinkedHashMap<>(base == null ? Map.of() : base);
    merged.putAll((Map<String, String>) change);
    return merged;
  }

  private static PodTemplateMetadata normalized(PodTemplateMetadata metadata) {
    return new PodTemplateMetadata(
        metadata == null || metadata.labels == null ? Map.of() : Map.copyOf(metadata.labels),
        metadata == null || metadata.annotations == null ? Map.of() : Map.copyOf(metadata.annotations));
  }

  /** Whether two normalized role metadata say the same (the API classes are plain data, without equals). */
  static boolean same(PodTemplateMetadata a, PodTemplateMetadata b) {
    return a.labels.equals(b.labels) && a.annotations.equals(b.annotations);
  }

  private static PodTemplateMetadata empty() {
    return new PodTemplateMetadata(Map.of(), Map.of());
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
