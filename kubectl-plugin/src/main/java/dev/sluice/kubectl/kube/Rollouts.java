package dev.sluice.kubectl.kube;

import dev.sluice.api.client.WriteTargets;
import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.CliException;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.List;

/** Reads Rollouts and applies the manual-control patches; never touches the spec. */
public final class Rollouts {
  private static final PatchContext MERGE = PatchContext.of(PatchType.JSON_MERGE);
  private final Cluster cluster;

  public Rollouts(Cluster cluster) {
    this.cluster = cluster;
  }

  public MixedOperation<Rollout, KubernetesResourceList<Rollout>, Resource<Rollout>> api() {
    return cluster.client().resources(Rollout.class);
  }

  /** The rollout in the current namespace, or a "not found" error naming both (or the missing CRD). */
  public Rollout get(String name) {
    Rollout rollout = api().inNamespace(cluster.namespace()).withName(name).get();
    if (rollout == null) {
      requireRolloutResource();
      throw notFound(name, cluster.namespace());
    }
    return rollout;
  }

  /** A get answers null for a missing CRD as for a missing object; a list tells them apart. */
  private void requireRolloutResource() {
    try {
      api().inNamespace(cluster.namespace()).list(new ListOptionsBuilder().withLimit(1L).build());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        throw new CliException("the server at " + cluster.server() + " has no resource type rollouts." + Rollout.GROUP
            + ": are Sluice's CRDs installed?");
      }
    }
  }

  public List<Rollout> list(boolean allNamespaces) {
    return (allNamespaces ? api().inAnyNamespace().list() : api().inNamespace(cluster.namespace()).list()).getItems();
  }

  /** A JSON merge patch of the status subresource. */
  public Rollout patchStatus(String name, String patch) {
    return writeTarget(name).subresource("status").patch(MERGE, patch);
  }

  /** A JSON merge patch of the object itself; used for metadata (annotations) only. */
  public Rollout patchMetadata(String name, String patch) {
    return writeTarget(name).patch(MERGE, patch);
  }

  /** A handle for patching the rollout without reading it first ({@link WriteTargets}); a missing one answers 404. */
  private Resource<Rollout> writeTarget(String name) {
    return WriteTargets.byName(cluster.client(), Rollout.class, cluster.namespace(), name);
  }

  public static CliException notFound(String name, String namespace) {
    return new CliException("rollout \"" + name + "\" not found in namespace \"" + namespace + "\"");
  }
}
