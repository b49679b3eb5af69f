package dev.sluice.traffic.ambassador;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * An Ambassador/Emissary Mapping in getambassador.io/v2, the version Argo Rollouts uses by default and Emissary 3
 * stores. The spec is kept whole (a JSON object): the canary Mapping is a copy of the stable one's spec with another
 * service and a weight, and Mappings have many fields Sluice has no reason to know.
 */
@Group("getambassador.io")
@Version("v2")
@Kind("Mapping")
public class Mapping extends CustomResource<ObjectNode, Void> implements Namespaced {
}
