package dev.sluice.testing;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test a client of the run's {@link TestCluster} and a fresh namespace, deleted after the test.
 * Parameters of type {@link KubernetesClient}, {@link TestNamespace} and {@link TestCluster} are injected.
 * The test class must carry {@code @Tag("cluster")} ({@link #TAG}), so that the fast lane ({@code ./mvnw -Pfast})
 * can leave it out.
 */
public class KubernetesExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  /** The JUnit tag of tests that need a cluster. */
  public static final String TAG = "cluster";
  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(KubernetesExtension.class);
  private static KubernetesClient sharedClient;

  static synchronized KubernetesClient client() {
    if (sharedClient == null) {
      sharedClient = TestCluster.get().newClient();
    }
    return sharedClient;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    requireClusterTag(context.getTags(), context.getRequiredTestClass().getName());
    String name = namespaceName(context);
    KubernetesClient client = client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels("sluice.dev/test", "true").endMetadata().build()).create();
    // Pods cannot be created until the controller-manager has made the namespace's default ServiceAccount.
    Eventually.until("default ServiceAccount in " + name, Duration.ofSeconds(60),
        () -> client.serviceAccounts().inNamespace(name).withName("default").get() != null);
    context.getStore(STORE).put("namespace", new TestNamespace(name));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestNamespace namespace = context.getStore(STORE).get("namespace", TestNamespace.class);
    if (namespace != null && !Boolean.getBoolean("sluice.test.keepNamespaces")) {
      client().namespaces().withName(namespace.name()).delete();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == TestNamespace.class || type == TestCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    requireClusterTag(context.getTags(), context.getRequiredTestClass().getName());
    Class<?> type = parameter.getParameter().getType();
    if (type == KubernetesClient.class) {
      return client();
    }
    if (type == TestCluster.class) {
      return TestCluster.get();
    }
    TestNamespace namespace = context.getStore(STORE).get("namespace", TestNamespace.class);
    if (namespace == null) {
      throw new IllegalStateException("TestNamespace is available in test methods only");
    }
    return namespace;
  }

  /** Fails a test that would reach the cluster without the tag that keeps it out of the fast lane. */
  static void requireClusterTag(Set<String> tags, String testClass) {
    if (!tags.contains(TAG)) {
      throw new IllegalStateException(testClass + " uses " + KubernetesExtension.class.getSimpleName()
          + " but has no @Tag(\"" + TAG + "\"): tests that need a cluster carry it, so that ./mvnw -Pfast leaves them out");
    }
  }

  private static String namespaceName(ExtensionContext context) {
    String test = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
    String slug = test.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    // Six base-36 characters: a parameterized test makes dozens of namespaces with one slug, and three characters
    // collided (with a namespace of the same test still terminating) about once in 30 runs.
    String suffix = Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
    return (slug.length() > 50 ? slug.substring(0, 50) : slug).replaceAll("-+$", "") + "-" + suffix;
  }
}
