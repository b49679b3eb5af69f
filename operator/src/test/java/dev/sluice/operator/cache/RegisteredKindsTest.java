package dev.sluice.operator.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.traffic.traefik.TraefikService;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every custom resource class of Sluice's own (the CRDs' and the routers' the controller watches) is registered with
 * fabric8 through {@code META-INF/services}: otherwise each watch event of that kind is bound to a generic map first
 * and converted to the class afterwards, two bindings of every event instead of one (a fifth of what the controller
 * allocated for watch events during a release, by profile).
 */
class RegisteredKindsTest {

  static List<Class<?>> customResourceClasses() throws IOException, URISyntaxException, ClassNotFoundException {
    List<Class<?>> classes = new ArrayList<>();
    for (Class<?> anchor : List.of(Rollout.class, TraefikService.class)) {
      Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (String name : classNames(location)) {
        Class<?> type = Class.forName(name, false, anchor.getClassLoader());
        if (HasMetadata.class.isAssignableFrom(type) && !Modifier.isAbstract(type.getModifiers())
            && type.isAnnotationPresent(io.fabric8.kubernetes.model.annotation.Group.class)) {
          classes.add(type);
        }
      }
    }
    assertThat(classes).as("the scan found the CRDs' classes").contains(Rollout.class, TraefikService.class);
    return classes;
  }

  @ParameterizedTest
  @MethodSource("customResourceClasses")
  void aWatchEventBindsStraightToItsClass(Class<?> type) {
    String event = """
        {"type": "MODIFIED", "object": {"apiVersion": "%s", "kind": "%s", "metadata": {"name": "web"}}}"""
        .formatted(HasMetadata.getApiVersion(type.asSubclass(HasMetadata.class)),
            HasMetadata.getKind(type.asSubclass(HasMetadata.class)));
    WatchEvent watched = new KubernetesSerialization().unmarshal(event, WatchEvent.class);
    assertThat(watched.getObject()).isExactlyInstanceOf(type);
  }

  private static List<String> classNames(Path location) throws IOException {
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.walk(location)) {
        return files.map(location::relativize).map(Path::toString).filter(RegisteredKindsTest::topLevelClass)
            .map(RegisteredKindsTest::className).toList();
      }
    }
    try (JarFile jar = new JarFile(location.toFile())) {
      return jar.stream().map(entry -> entry.getName()).filter(RegisteredKindsTest::topLevelClass)
          .map(RegisteredKindsTest::className).toList();
    }
  }

  private static boolean topLevelClass(String path) {
    return path.endsWith(".class") && !path.contains("$") && !path.endsWith("module-info.class");
  }

  private static String className(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.').replace('\\', '.');
  }
}
