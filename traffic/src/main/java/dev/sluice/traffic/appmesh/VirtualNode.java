package dev.sluice.traffic.appmesh;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

/** An App Mesh VirtualNode (appmesh.k8s.aws/v1beta2) with what Sluice pins: its pod selector. */
@Group(MeshVirtualService.GROUP)
@Version("v1beta2")
@Kind("VirtualNode")
public class VirtualNode extends CustomResource<VirtualNode.Spec, Void> implements Namespaced {
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public static class Spec {
    public LabelSelector podSelector;
  }
}
