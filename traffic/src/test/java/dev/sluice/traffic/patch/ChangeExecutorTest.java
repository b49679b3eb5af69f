package dev.sluice.traffic.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.traffic.RouteConflictException;
import dev.sluice.traffic.RouteNotFoundException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeExecutorTest {
  private final FakeAccess access = new FakeAccess();
  private final ChangeExecutor executor = new ChangeExecutor(access);

  @Test
  void aMissingObjectStopsEverythingBeforeTheFirstWrite() {
    access.objects.put("a", configMap("a", "1"));
    List<ObjectChange<?>> changes = List.of(change("a", "2"), change("missing", "2"));

    assertThatThrownBy(() -> executor.apply(changes)).isInstanceOf(RouteNotFoundException.class)
        .hasMessage("ConfigMap ns/missing does not exist (named by spec.missing)");
    assertThat(access.patches).isEmpty();
  }

  @Test
  void aFailedGuardIsReplannedOnAFreshRead() {
    access.objects.put("a", configMap("a", "1"));
    access.conflicts = 2;

    executor.apply(List.of(change("a", "2")));

    assertThat(access.reads).isEqualTo(3);
    assertThat(access.patches).hasSize(3);
  }

  @Test
  void givesUpAfterThreeAttempts() {
    access.objects.put("a", configMap("a", "1"));
    access.conflicts = 3;

    assertThatThrownBy(() -> executor.apply(List.of(change("a", "2")))).isInstanceOf(RouteConflictException.class);
    assertThat(access.patches).hasSize(3);
  }

  @Test
  void nothingIsSentWhenTheObjectIsAlreadyRight() {
    access.objects.put("a", configMap("a", "2"));

    executor.apply(List.of(change("a", "2")));

    assertThat(access.patches).isEmpty();
  }

  private static ObjectChange<ConfigMap> change(String name, String value) {
    return new ObjectChange<>(ObjectRef.of(ConfigMap.class, "ns", name, "spec." + name), cm -> {
      JsonPatch patch = new JsonPatch();
      if (!value.equals(cm.getData().get("v"))) {
        patch.test("/data/v", cm.getData().get("v")).replace("/data/v", value);
      }
      return patch;
    });
  }

  private static ConfigMap configMap(String name, String value) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("v", value).build();
  }

  private static final class FakeAccess implements ResourceAccess {
    final Map<String, ConfigMap> objects = new HashMap<>();
    final List<String> patches = new ArrayList<>();
    int reads;
    int conflicts;

    @Override
    @SuppressWarnings("unchecked")
    public <T extends HasMetadata> T get(ObjectRef<T> ref) {
      reads++;
      return (T) objects.get(ref.name());
    }

    @Override
    public <T extends HasMetadata> T patch(ObjectRef<T> ref, JsonPatch patch) {
      patches.add(patch.toJson());
      if (conflicts-- > 0) {
        throw new RouteConflictException(ref.kind(), ref.namespace(), ref.name(), null);
      }
      return null;
    }
  }
}
