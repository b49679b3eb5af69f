package dev.sluice.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.CustomResource;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The CRD generator plugin must be the fabric8 release that the Quarkus platform puts on the classpath. */
class Fabric8VersionAlignmentTest {
  @Test
  void crdGeneratorPluginMatchesTheFabric8OnTheClasspath() throws IOException {
    Properties pom = new Properties();
    try (InputStream in = CustomResource.class.getResourceAsStream(
        "/META-INF/maven/io.fabric8/kubernetes-client-api/pom.properties")) {
      assertThat(in).as("kubernetes-client-api pom.properties").isNotNull();
      pom.load(in);
    }
    assertThat(System.getProperty("sluice.fabric8.plugin.version"))
        .as("<fabric8.version> in the root pom")
        .isEqualTo(pom.getProperty("version"));
  }
}
