package dev.sluice.kubectl.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sluice.kubectl.cli.KubeOptions;
import java.io.File;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which kubeconfigs the direct read handles; every other one goes to fabric8 unchanged. */
class DirectConnectionTest {
  @TempDir
  Path dir;

  private static String data(String resource) throws Exception {
    return DirectKubeconfig.data(resource);
  }

  private Path kubeconfig(String name, String cluster, String context, String user) throws Exception {
    return DirectKubeconfig.write(dir.resolve(name), cluster, context, user);
  }

  private Optional<DirectConnection> of(KubeOptions options, String cluster, String user) throws Exception {
    Path file = kubeconfig("config", cluster, "", user);
    return DirectConnection.of(options, Map.of("KUBECONFIG", file.toString()));
  }

  private Optional<DirectConnection> of(String cluster, String user) throws Exception {
    return of(new KubeOptions(), cluster, user);
  }

  private static final String SERVER = "server: \"https://127.0.0.1:6443\", ";

  @Test
  void theCommonKindsAreHandled() throws Exception {
    String ca = SERVER + "certificate-authority-data: " + data("ca.crt");
    assertTrue(of(ca, "token: t").isPresent());
    assertTrue(of(ca, "client-certificate-data: " + data("client-rsa.crt") + ", client-key-data: " + data("client-rsa-pkcs8.key")).isPresent());
    assertTrue(of(ca, "client-certificate-data: " + data("client-ec.crt") + ", client-key-data: " + data("client-ec-pkcs8.key")).isPresent());
  }

  @Test
  void theNamespaceIsTheFlagsElseTheContextsElseDefault() throws Exception {
    String ca = SERVER + "certificate-authority-data: " + data("ca.crt");
    Path withNamespace = kubeconfig("ns", ca, ", namespace: prod", "token: t");
    KubeOptions flag = new KubeOptions();
    flag.namespace("staging");
    assertEquals("staging", DirectConnection.of(flag, Map.of("KUBECONFIG", withNamespace.toString())).orElseThrow().namespace());
    assertEquals("prod", DirectConnection.of(new KubeOptions(), Map.of("KUBECONFIG", withNamespace.toString())).orElseThrow().namespace());
    assertEquals("default", of(ca, "token: t").orElseThrow().namespace());
  }

  @Test
  void theTokenIsNotInItsDescription() throws Exception {
    DirectConnection connection = of(SERVER + "certificate-authority-data: " + data("ca.crt"), "token: s3cr3t").orElseThrow();
    assertFalse(connection.toString().contains("s3cr3t"), connection.toString());
  }

  @Test
  void otherKubeconfigsAreLeftToFabric8() throws Exception {
    String ca = SERVER + "certificate-authority-data: " + data("ca.crt");
    assertEquals(Optional.empty(), of(SERVER.replace(", ", ""), "token: t"), "no CA: the system's authorities");
    assertEquals(Optional.empty(), of(ca + ", insecure-skip-tls-verify: true", "token: t"));
    assertEquals(Optional.empty(), of(ca + ", tls-server-name: api.example", "token: t"));
    assertEquals(Optional.empty(), of("server: \"http://127.0.0.1:8080\"", "token: t"), "plain HTTP");
    assertEquals(Optional.empty(), of(ca, "tokenFile: /var/run/token"));
    assertEquals(Optional.empty(), of(ca, "username: u, password: p"));
    assertEquals(Optional.empty(), of(ca, "exec: {apiVersion: client.authentication.k8s.io/v1, command: aws}"));
    assertEquals(Optional.empty(), of(ca, "auth-provider: {name: oidc}"));
    assertEquals(Optional.empty(), of(ca, "as: someone-else, token: t"), "impersonation");
    assertEquals(Optional.empty(), of(ca, "client-certificate-data: " + data("client-rsa.crt")), "a certificate without its key");
    assertEquals(Optional.empty(), of(ca, "client-certificate-data: " + data("client-rsa.crt")
        + ", client-key-data: " + Base64.getEncoder().encodeToString("not a key".getBytes())), "a key it cannot read");
    assertEquals(Optional.empty(), of(ca + ", proxy-url: \"http://proxy:3128\"", "token: t"));
    KubeOptions otherContext = new KubeOptions();
    otherContext.context("elsewhere");
    assertEquals(Optional.empty(), of(otherContext, ca, "token: t"), "a context the file does not have");
  }

  @Test
  void aProxyInTheEnvironmentIsLeftToFabric8() throws Exception {
    Path file = kubeconfig("proxied", SERVER + "certificate-authority-data: " + data("ca.crt"), "", "token: t");
    for (String variable : new String[] {"HTTPS_PROXY", "https_proxy", "ALL_PROXY"}) {
      assertEquals(Optional.empty(), DirectConnection.of(new KubeOptions(),
          Map.of("KUBECONFIG", file.toString(), variable, "http://proxy:3128")), variable);
    }
    assertTrue(DirectConnection.of(new KubeOptions(), Map.of("KUBECONFIG", file.toString(), "HTTP_PROXY", "http://proxy:3128"))
        .isPresent(), "HTTP_PROXY is for plain HTTP; the API server is HTTPS");
  }

  @Test
  void severalKubeconfigFilesAreLeftToFabric8() throws Exception {
    String ca = SERVER + "certificate-authority-data: " + data("ca.crt");
    Path one = kubeconfig("one", ca, "", "token: t");
    Path two = kubeconfig("two", ca, "", "token: t");
    assertEquals(Optional.empty(), DirectConnection.of(new KubeOptions(), Map.of("KUBECONFIG", one + File.pathSeparator + two)));
  }
}
