package dev.sluice.api.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.lang.reflect.InvocationTargetException;

/**
 * Handles for patching an object by its name without reading it first.
 *
 * <p>fabric8's {@code patch(PatchContext, String)} on a handle made with {@code withName} GETs the whole object
 * before sending the patch, only to learn the name and namespace the request's URL needs: one extra round trip and
 * one extra read per write (measured: about 25 GETs of Rollouts and VirtualServices per canary revision of ten
 * steps). A handle on a stub that carries just the name and namespace sends the patch alone. The patch's own
 * preconditions (a resourceVersion in a merge patch, a JSON patch's tests) guard it as before.
 */
public final class WriteTargets {
  private WriteTargets() {
  }

  public static <T extends HasMetadata> Resource<T> byName(KubernetesClient client, Class<T> type, String namespace,
      String name) {
    T stub = newInstance(type);
    ObjectMeta metadata = new ObjectMeta();
    metadata.setName(name);
    metadata.setNamespace(namespace);
    stub.setMetadata(metadata);
    return client.resources(type).inNamespace(namespace).resource(stub);
  }

  private static <T> T newInstance(Class<T> type) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException | InvocationTargetException e) {
      throw new IllegalArgumentException(type.getName() + " has no public no-argument constructor", e);
    }
  }
}
