package dev.sluice.kubectl.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.AuthProviderConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.internal.SSLUtils;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

class KubeconfigTrustTest {
  private static String caData() throws IOException {
    try (InputStream in = KubeconfigTrustTest.class.getResourceAsStream("/kube/test-ca.crt")) {
      return Base64.getEncoder().encodeToString(in.readAllBytes());
    }
  }

  private static Config withCa() throws IOException {
    return new ConfigBuilder(Config.empty()).withMasterUrl("https://cluster.example:6443").withCaCertData(caData()).build();
  }

  /** The subjects of the authorities the client that fabric8 builds for this configuration trusts. */
  private static List<String> trusted(Config config) throws GeneralSecurityException, IOException {
    TrustManager[] managers = SSLUtils.trustManagers(config);
    return Arrays.stream(managers).map(X509TrustManager.class::cast)
        .flatMap(m -> Arrays.stream(m.getAcceptedIssuers()))
        .map(X509Certificate::getSubjectX500Principal).map(Object::toString).toList();
  }

  @Test
  void aKubeconfigWithACaTrustsThatCaAlone() throws Exception {
    Config config = withCa();
    KubeconfigTrust.restrictToTheNamedCa(config);
    assertEquals(List.of("CN=sluice-test-ca"), trusted(config));
  }

  @Test
  void withoutACaTheSystemAuthoritiesAreTrusted() throws Exception {
    Config config = new ConfigBuilder(Config.empty()).withMasterUrl("https://cluster.example:6443").build();
    KubeconfigTrust.restrictToTheNamedCa(config);
    assertTrue(trusted(config).size() > 10, "the JDK's cacerts");
  }

  @Test
  void anAuthProviderKeepsTheSystemAuthoritiesForItsTokenRefresh() throws Exception {
    Config config = withCa();
    config.setAuthProvider(new AuthProviderConfig(java.util.Map.of(), "oidc"));
    KubeconfigTrust.restrictToTheNamedCa(config);
    List<String> trusted = trusted(config);
    assertTrue(trusted.contains("CN=sluice-test-ca") && trusted.size() > 10, "the CA and the JDK's cacerts");
  }
}
