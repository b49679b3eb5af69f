package dev.sluice.e2e;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Flux's objects in one namespace as {@code flux get} shows them: a GitRepository on the test's Git server and a
 * Kustomization that applies one of its paths, with a health check on the Rollout {@code web}.
 */
public final class FluxView {
  public static final String SOURCE_API = "source.toolkit.fluxcd.io/v1";
  public static final String KUSTOMIZE_API = "kustomize.toolkit.fluxcd.io/v1";

  /** formatted(name, url, ref, secretName): ref is a YAML mapping such as {@code {branch: main}}. */
  public static final String GIT_REPOSITORY = """
      apiVersion: source.toolkit.fluxcd.io/v1
      kind: GitRepository
      metadata: {name: %s}
      spec:
        interval: 5s
        timeout: 20s
        url: %s
        ref: %s
        secretRef: {name: %s}
      """;

  /**
   * formatted(name, targetNamespace, source, path, decryptionSecret): applies path into targetNamespace; the Rollout's health decides
   * the Kustomization's Ready condition. The timeout bounds one health wait; retryInterval is how soon a failed one
   * runs again.
   */
  public static final String KUSTOMIZATION = """
      apiVersion: kustomize.toolkit.fluxcd.io/v1
      kind: Kustomization
      metadata: {name: %1$s}
      spec:
        interval: 5s
        retryInterval: 5s
        timeout: 2m
        prune: true
        targetNamespace: %2$s
        sourceRef: {kind: GitRepository, name: %3$s}
        path: ./%4$s
        healthChecks:
        - {apiVersion: sluice.dev/v1alpha1, kind: Rollout, name: web, namespace: %2$s}
        decryption:
          provider: sops
          secretRef: {name: %5$s}
      """;

  private final KubernetesClient client;
  private final String namespace;

  public FluxView(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  public void apply(String yaml) {
    GenericKubernetesResource resource = Serialization.unmarshal(yaml, GenericKubernetesResource.class);
    client.resource(resource).inNamespace(namespace).fieldManager("e2e").forceConflicts().serverSideApply();
  }

  public GenericKubernetesResource get(String apiVersion, String kind, String name) {
    return client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withName(name).get();
  }

  public GenericKubernetesResource kustomization(String name) {
    return get(KUSTOMIZE_API, "Kustomization", name);
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> status(GenericKubernetesResource resource) {
    Object status = resource == null ? null : resource.getAdditionalProperties().get("status");
    return status == null ? Map.of() : (Map<String, Object>) status;
  }

  /** The Kustomization's Ready condition (status, reason, message), empty before the first reconcile. */
  public Map<String, Object> ready(String kustomization) {
    return GitRevertChecks.condition(status(kustomization(kustomization)), "Ready");
  }

  public boolean isReady(String kustomization) {
    return "True".equals(ready(kustomization).get("status"));
  }

  /** The revision Flux last applied and found healthy, e.g. {@code main@sha1:0123...}. */
  public String lastAppliedRevision(String kustomization) {
    return (String) status(kustomization(kustomization)).get("lastAppliedRevision");
  }

  /** The revision Flux last tried to apply, healthy or not. */
  public String lastAttemptedRevision(String kustomization) {
    return (String) status(kustomization(kustomization)).get("lastAttemptedRevision");
  }

  /** The commit id in a Flux revision such as {@code main@sha1:0123...}, or null. */
  public static String commitOf(String revision) {
    return revision == null ? null : revision.substring(revision.lastIndexOf(':') + 1);
  }

  /**
   * What {@code flux reconcile} does: a new value of the reconcile.fluxcd.io/requestedAt annotation; Flux echoes it
   * in status.lastHandledReconcileAt once it has reconciled the object. Returns the value.
   */
  public String requestReconcile(String apiVersion, String kind, String name) {
    String at = Instant.now().toString();
    client.genericKubernetesResources(apiVersion, kind).inNamespace(namespace).withName(name)
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"metadata\":{\"annotations\":{\"reconcile.fluxcd.io/requestedAt\":\""
            + at + "\"}}}");
    return at;
  }

  public boolean handled(String apiVersion, String kind, String name, String requestedAt) {
    return requestedAt.equals(status(get(apiVersion, kind, name)).get("lastHandledReconcileAt"));
  }

  /** Flux's Events about one of its objects, by reason and message. */
  public List<String> events(String kind, String name) {
    return client.v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()) && kind.equals(e.getInvolvedObject().getKind()))
        .map(e -> e.getReason() + ": " + e.getMessage()).toList();
  }
}
