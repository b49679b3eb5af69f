package dev.sluice.traffic;

import static dev.sluice.traffic.LiveObjects.applyAsGitOps;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.TestNamespace;
import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ObjectRef;
import dev.sluice.traffic.patch.ResourceAccess;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Someone else edits the route between Sluice's read and its patch. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class ConcurrentEditClusterTest {
  private static final String SWAP_BACKENDS = """
      [{"op":"replace","path":"/spec/rules/1/backendRefs",
        "value":[{"name":"web-canary","port":80,"weight":0},{"name":"web-stable","port":80,"weight":100}]}]""";
  private static final String CHANGE_FILTER = """
      [{"op":"replace","path":"/spec/rules/1/filters/0/requestHeaderModifier/set/0/value","value":"staging"}]""";

  @Test
  void aStalePatchIsRejectedAndTheOtherEditStays(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), GatewayApiRoutingClusterTest.ROUTE.formatted("web"));
    ResourceAccess access = ResourceAccess.of(client);
    ObjectRef<HTTPRoute> ref = ObjectRef.of(HTTPRoute.class, ns.name(), "web", "spec.x");
    JsonPatch stale = new JsonPatch().test("/spec/rules/1/backendRefs/1/name", "web-canary")
        .replace("/spec/rules/1/backendRefs/1/weight", 20);
    editAsSomeoneElse(client, ns, SWAP_BACKENDS);
    JsonNode edited = GatewayApiRoutingClusterTest.route(client, ns, "web");

    assertThatThrownBy(() -> access.patch(ref, stale)).isInstanceOf(RouteConflictException.class)
        .hasMessage("HTTPRoute " + ns + "/web changed while Sluice was patching it; nothing was written, the next attempt re-reads it");
    assertThat(GatewayApiRoutingClusterTest.route(client, ns, "web")).isEqualTo(edited);
  }

  @Test
  void aReorderingBetweenReadAndPatchFailsTheGuardAndTheWeightsLandOnAFreshRead(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), GatewayApiRoutingClusterTest.ROUTE.formatted("web"));
    EditingAccess access = new EditingAccess(ResourceAccess.of(client), () -> editAsSomeoneElse(client, ns, SWAP_BACKENDS));

    TrafficRouters.forRollout(access, Fixtures.target(ns.name(), "gatewayAPI: {httpRoute: web}")).setWeight(20);

    assertThat(access.outcomes).containsExactly("conflict", "patched");
    JsonNode backends = GatewayApiRoutingClusterTest.route(client, ns, "web").at("/spec/rules/1/backendRefs");
    assertThat(backends).extracting(b -> b.get("name").asText() + "=" + b.get("weight").asInt())
        .containsExactly("web-canary=20", "web-stable=80");
  }

  @Test
  void anUnrelatedEditBetweenReadAndPatchDoesNotFailTheGuardAndIsKept(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), GatewayApiRoutingClusterTest.ROUTE.formatted("web"));
    EditingAccess access = new EditingAccess(ResourceAccess.of(client), () -> editAsSomeoneElse(client, ns, CHANGE_FILTER));

    TrafficRouters.forRollout(access, Fixtures.target(ns.name(), "gatewayAPI: {httpRoute: web}")).setWeight(20);

    assertThat(access.outcomes).containsExactly("patched");
    JsonNode rule = GatewayApiRoutingClusterTest.route(client, ns, "web").at("/spec/rules/1");
    assertThat(rule.at("/filters/0/requestHeaderModifier/set/0/value").asText()).isEqualTo("staging");
    assertThat(rule.at("/backendRefs/1/weight").asInt()).isEqualTo(20);
  }

  @Test
  void aHeaderRouteIsNotAddedOnARuleThatChangedMeanwhile(KubernetesClient client, TestNamespace ns) {
    applyAsGitOps(client, ns.name(), GatewayApiRoutingClusterTest.ROUTE.formatted("web"));
    EditingAccess access = new EditingAccess(ResourceAccess.of(client), () -> editAsSomeoneElse(client, ns, CHANGE_FILTER));

    TrafficRouters.forRollout(access, Fixtures.target(ns.name(), "{gatewayAPI: {httpRoute: web}, managedRoutes: [{name: beta}]}"))
        .setHeaderRoute(Fixtures.headerRoute("{name: beta, match: [{headerName: x-beta, headerValue: {exact: 'on'}}]}"));

    assertThat(access.outcomes).containsExactly("conflict", "patched");
    JsonNode header = GatewayApiRoutingClusterTest.route(client, ns, "web").at("/spec/rules/0");
    assertThat(header.at("/name").asText()).isEqualTo("sluice.beta.0");
    assertThat(header.at("/filters/0/requestHeaderModifier/set/0/value").asText()).isEqualTo("staging");
  }

  private static void editAsSomeoneElse(KubernetesClient client, TestNamespace ns, String jsonPatch) {
    client.resources(HTTPRoute.class).inNamespace(ns.name()).withName("web")
        .patch(new PatchContext.Builder().withPatchType(PatchType.JSON).withFieldManager("kubectl-edit").build(), jsonPatch);
  }

  /** Runs the other party's edit just before Sluice's first patch, and records what each patch came to. */
  private static final class EditingAccess implements ResourceAccess {
    private final ResourceAccess delegate;
    private Runnable edit;
    final List<String> outcomes = new ArrayList<>();

    EditingAccess(ResourceAccess delegate, Runnable edit) {
      this.delegate = delegate;
      this.edit = edit;
    }

    @Override
    public <T extends HasMetadata> T get(ObjectRef<T> ref) {
      return delegate.get(ref);
    }

    @Override
    public <T extends HasMetadata> T patch(ObjectRef<T> ref, JsonPatch patch) {
      if (edit != null) {
        edit.run();
        edit = null;
      }
      try {
        T patched = delegate.patch(ref, patch);
        outcomes.add("patched");
        return patched;
      } catch (RouteConflictException e) {
        outcomes.add("conflict");
        throw e;
      }
    }
  }
}
