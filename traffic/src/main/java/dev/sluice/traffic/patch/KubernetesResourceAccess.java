package dev.sluice.traffic.patch;

import dev.sluice.api.client.WriteTargets;
import dev.sluice.api.v1alpha1.RolloutLabels;
import dev.sluice.traffic.InvalidRouteException;
import dev.sluice.traffic.RouteConflictException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/** Through the API server, under Sluice's field manager. */
final class KubernetesResourceAccess implements ResourceAccess {
  // Strict: a field the installed CRD does not know (an old Gateway API without rules[].name) fails the patch
  // instead of being pruned silently, which would leave a rule Sluice can no longer find.
  private static final PatchContext JSON_PATCH = new PatchContext.Builder().withPatchType(PatchType.JSON)
      .withFieldManager(RolloutLabels.FIELD_MANAGER).withFieldValidation("Strict").build();

  private final KubernetesClient client;

  KubernetesResourceAccess(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public <T extends HasMetadata> T get(ObjectRef<T> ref) {
    return resource(ref).get();
  }

  @Override
  public <T extends HasMetadata> T patch(ObjectRef<T> ref, JsonPatch patch) {
    try {
      return WriteTargets.byName(client, ref.type(), ref.namespace(), ref.name()).patch(JSON_PATCH, patch.toJson());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw ref.notFound();
      }
      if (isFailedPrecondition(e)) {
        throw new RouteConflictException(ref.kind(), ref.namespace(), ref.name(), e);
      }
      if (e.getCode() == 400 || e.getCode() == 422) {
        throw new InvalidRouteException(ref.kind(), ref.namespace(), ref.name(), ref.specField(),
            "the API server rejected Sluice's change: " + reason(e), e);
      }
      throw e;
    }
  }

  @Override
  public <T extends HasMetadata> T create(ObjectRef<T> ref, T object) {
    try {
      return client.resources(ref.type()).inNamespace(ref.namespace()).resource(object).create();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw new RouteConflictException(ref.kind(), ref.namespace(), ref.name(), e);
      }
      if (e.getCode() == 400 || e.getCode() == 422) {
        throw new InvalidRouteException(ref.kind(), ref.namespace(), ref.name(), ref.specField(),
            "the API server rejected the object Sluice creates: " + reason(e), e);
      }
      throw e;
    }
  }

  @Override
  public <T extends HasMetadata> void delete(ObjectRef<T> ref, String resourceVersion) {
    try {
      resource(ref).lockResourceVersion(resourceVersion).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return;
      }
      if (e.getCode() == 409) {
        throw new RouteConflictException(ref.kind(), ref.namespace(), ref.name(), e);
      }
      throw e;
    }
  }

  @Override
  public java.util.List<String> servedVersions(String group) {
    io.fabric8.kubernetes.api.model.APIGroup served = client.getApiGroup(group);
    if (served == null || served.getVersions() == null) {
      return java.util.List.of();
    }
    java.util.List<String> versions = new java.util.ArrayList<>();
    if (served.getPreferredVersion() != null) {
      versions.add(served.getPreferredVersion().getVersion());
    }
    served.getVersions().stream().map(v -> v.getVersion()).filter(v -> !versions.contains(v)).forEach(versions::add);
    return versions;
  }

  private static String reason(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
  }

  /**
   * A failed test operation, or an operation on an index that no longer exists, comes back as 422 without
   * causes; schema and CEL rejections carry causes.
   */
  private static boolean isFailedPrecondition(KubernetesClientException e) {
    if (e.getCode() == 409) {
      return true;
    }
    Status status = e.getStatus();
    return e.getCode() == 422 && (status == null || status.getDetails() == null
        || status.getDetails().getCauses() == null || status.getDetails().getCauses().isEmpty());
  }

  private <T extends HasMetadata> Resource<T> resource(ObjectRef<T> ref) {
    return client.resources(ref.type()).inNamespace(ref.namespace()).withName(ref.name());
  }
}
