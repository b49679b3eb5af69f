package dev.sluice.operator.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.traffic.RouteConflictException;
import dev.sluice.traffic.patch.JsonPatch;
import dev.sluice.traffic.patch.ObjectRef;
import dev.sluice.traffic.patch.ResourceAccess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The order of reads a step relies on: its own patch over a lagging informer, the informer once it caught up. */
class CachedRouteAccessTest {
  private static final ObjectRef<ConfigMap> REF = ObjectRef.of(ConfigMap.class, "shop", "web", "spec.test");

  private static ConfigMap at(String resourceVersion, String weight) {
    return new ConfigMapBuilder().withNewMetadata().withNamespace("shop").withName("web").withResourceVersion(resourceVersion)
        .endMetadata().addToData("weight", weight).build();
  }

  /** The API server: counts reads, answers patches with the next version, or with a conflict when told to. */
  private static final class Server implements ResourceAccess {
    ConfigMap stored = at("10", "0");
    int reads;
    boolean conflict;

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T get(ObjectRef<T> ref) {
      reads++;
      return (T) stored;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T patch(ObjectRef<T> ref, JsonPatch patch) {
      if (conflict) {
        throw new RouteConflictException("ConfigMap", "shop", "web", null);
      }
      stored = at(String.valueOf(Long.parseLong(stored.getMetadata().getResourceVersion()) + 1), "20");
      return (T) stored;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T create(ObjectRef<T> ref, T object) {
      stored = at("30", ((ConfigMap) object).getData().get("weight"));
      return (T) stored;
    }

    @Override
    public <T extends HasMetadata> void delete(ObjectRef<T> ref, String resourceVersion) {
      stored = null;
    }
  }

  private final Server server = new Server();
  private final Map<String, ConfigMap> informer = new HashMap<>();
  private final CachedRouteAccess access = new CachedRouteAccess(server, new RouteInformers(
      Map.of(ConfigMap.class, (namespace, name) -> Optional.ofNullable(informer.get(name)))), new RecentWrites());

  @Test
  void readsTheInformerNotTheApiServer() {
    informer.put("web", at("10", "0"));

    assertThat(access.get(REF).getData()).containsEntry("weight", "0");
    assertThat(server.reads).isZero();
  }

  @Test
  void readsItsOwnPatchUntilTheInformerCatchesUp() {
    informer.put("web", at("10", "0"));
    access.patch(REF, new JsonPatch());

    assertThat(access.get(REF).getData()).containsEntry("weight", "20");
    informer.put("web", at("12", "30"));
    assertThat(access.get(REF).getData()).containsEntry("weight", "30");
    assertThat(server.reads).isZero();
  }

  @Test
  void readsLiveWhatTheInformerDoesNotHold() {
    assertThat(access.get(REF).getData()).containsEntry("weight", "0");
    assertThat(server.reads).isEqualTo(1);
  }

  @Test
  void readsLiveOnceAfterAConflict() {
    informer.put("web", at("9", "stale"));
    server.conflict = true;

    assertThatThrownBy(() -> access.patch(REF, new JsonPatch())).isInstanceOf(RouteConflictException.class);
    assertThat(access.get(REF).getData()).containsEntry("weight", "0");
    assertThat(access.get(REF).getData()).containsEntry("weight", "stale");
    assertThat(server.reads).isEqualTo(1);
  }

  @Test
  void readsWhatItCreatedUntilTheInformerHoldsIt() {
    server.stored = null;
    access.create(REF, at(null, "5"));

    assertThat(access.get(REF).getData()).containsEntry("weight", "5");
    assertThat(server.reads).isZero();
  }

  @Test
  void knowsWhatItDeletedIsGoneWhileTheInformerStillHoldsIt() {
    informer.put("web", at("10", "0"));
    access.delete(REF, "10");

    assertThat(access.get(REF)).as("gone, though the informer has not seen it go").isNull();
    informer.remove("web");
    assertThat(access.get(REF)).as("gone, and the informer agrees").isNull();
    informer.put("web", at("40", "7"));
    assertThat(access.get(REF).getData()).as("created again since").containsEntry("weight", "7");
    assertThat(server.reads).isZero();
  }
}
