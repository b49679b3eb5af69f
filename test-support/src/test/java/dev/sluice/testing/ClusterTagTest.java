package dev.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The fast lane ({@code ./mvnw -Pfast}) leaves out tests tagged "cluster"; these checks make a test that needs a
 * cluster without that tag fail with a message naming the tag, instead of silently starting a cluster.
 */
class ClusterTagTest {

  @Test
  void theExtensionRefusesAnUntaggedTestBeforeItReachesACluster() {
    ExtensionContext untagged = context(Set.of("git"));
    assertThatThrownBy(() -> new KubernetesExtension().beforeEach(untagged))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ClusterTagTest.class.getName())
        .hasMessageContaining("has no @Tag(\"cluster\")");
    assertThatThrownBy(() -> new KubernetesExtension().resolveParameter(null, untagged))
        .hasMessageContaining("has no @Tag(\"cluster\")");
  }

  @Test
  void aTaggedTestPassesTheCheck() {
    KubernetesExtension.requireClusterTag(Set.of("cluster", "prometheus"), "dev.example.SomeTest");
  }

  @Test
  void aRunWithoutAClusterRefusesToStartOne() {
    String before = System.getProperty("sluice.cluster");
    System.setProperty("sluice.cluster", TestCluster.NONE);
    try {
      assertThatThrownBy(TestCluster::get)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("this run has no cluster")
          .hasMessageContaining("@Tag(\"cluster\")");
    } finally {
      if (before == null) {
        System.clearProperty("sluice.cluster");
      } else {
        System.setProperty("sluice.cluster", before);
      }
    }
    assertThat(System.getProperty("sluice.cluster")).isEqualTo(before);
  }

  /** An ExtensionContext of this test class with the given tags; anything else it is asked is a test bug. */
  private static ExtensionContext context(Set<String> tags) {
    return (ExtensionContext) Proxy.newProxyInstance(ClusterTagTest.class.getClassLoader(),
        new Class<?>[] {ExtensionContext.class}, (proxy, method, args) -> switch (method.getName()) {
          case "getTags" -> tags;
          case "getRequiredTestClass" -> ClusterTagTest.class;
          default -> throw new UnsupportedOperationException(method.getName());
        });
  }
}
