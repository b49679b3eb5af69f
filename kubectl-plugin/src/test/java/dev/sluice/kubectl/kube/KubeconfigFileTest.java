package dev.sluice.kubectl.kube;

import static dev.sluice.kubectl.kube.KubeconfigsTest.options;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kubectl.cli.KubeOptions;
import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin's kubeconfig reader gives the client fabric8's configuration, whichever of them parses the file. */
class KubeconfigFileTest {
  private static final String CERTS = """
      apiVersion: v1
      kind: Config
      current-context: kind
      preferences: {}
      clusters:
      - name: kind
        cluster:
          server: https://127.0.0.1:6443
          certificate-authority: pki/ca.crt
      - name: remote
        cluster: {server: "https://remote.example", certificate-authority-data: Q0E=, insecure-skip-tls-verify: true,
                  tls-server-name: api.remote.example}
      contexts:
      - name: kind
        context: {cluster: kind, user: admin, namespace: team-a}
      - name: remote
        context: {cluster: remote, user: robot}
      users:
      - name: admin
        user:
          client-certificate: pki/admin.crt
          client-key: pki/admin.key
      - name: robot
        user: {token: abc.def, client-certificate-data: Q0VSVA==, client-key-data: S0VZ}
      """;
  private static final String AUTH_PROVIDER = """
      apiVersion: v1
      kind: Config
      current-context: cloud
      clusters:
      - name: cloud
        cluster: {server: "https://cloud.example", certificate-authority-data: Q0E=}
      contexts:
      - name: cloud
        context: {cluster: cloud, user: cloud}
      users:
      - name: cloud
        user:
          auth-provider:
            name: oidc
            config: {client-id: sluice, id-token: eyJ.id.token, idp-issuer-url: "https://issuer.example"}
      """;

  @TempDir
  Path dir;

  /** What the client is built from: every field a kubeconfig can set that this reader copies, and auth-provider. */
  private static List<Object> connection(Config config) {
    return Arrays.asList(config.getMasterUrl(), config.getCaCertFile(), config.getCaCertData(), config.isTrustCerts(),
        config.isDisableHostnameVerification(), config.getClientCertFile(), config.getClientCertData(),
        config.getClientKeyFile(), config.getClientKeyData(), config.getClientKeyAlgo(), config.getOauthToken(), config.getAutoOAuthToken(),
        config.getUsername(), config.getPassword(), config.getNamespace(), config.getCurrentContext().getName(),
        config.getContexts().stream().map(c -> c.getName()).toList(),
        config.getAuthProvider() == null ? null : config.getAuthProvider().getName(),
        config.getAuthProvider() == null ? null : config.getAuthProvider().getConfig());
  }

  private Path write(String text) throws IOException {
    return Files.writeString(dir.resolve("config"), text);
  }

  @Test
  void certificatesTokensAndRelativePathsAreReadAsFabric8ReadsThem() throws IOException {
    Path file = write(CERTS);
    assertThat(KubeconfigFile.simple(file)).as("read without fabric8's parser").isNotNull();

    for (String context : new String[] {null, "remote"}) {
      KubeOptions options = context == null ? options("--kubeconfig", file.toString())
          : options("--kubeconfig", file.toString(), "--context", context);
      assertThat(connection(Kubeconfigs.load(options, Map.of())))
          .isEqualTo(connection(Config.fromKubeconfig(context, file.toFile())));
    }
    assertThat(Kubeconfigs.load(options("--kubeconfig", file.toString()), Map.of()).getClientCertFile())
        .isEqualTo(dir.resolve("pki/admin.crt").toString());
  }

  @Test
  void anAuthProviderIsLeftToFabric8() throws IOException {
    Path file = write(AUTH_PROVIDER);
    assertThat(KubeconfigFile.simple(file)).isNull();

    Config config = Kubeconfigs.load(options("--kubeconfig", file.toString()), Map.of());
    assertThat(connection(config)).isEqualTo(connection(Config.fromKubeconfig(null, file.toFile())));
    assertThat(config.getAuthProvider().getName()).isEqualTo("oidc");
  }

  @Test
  void valuesOfAnotherTypeAreLeftToFabric8() throws IOException {
    Path file = write(CERTS.replace("token: abc.def", "token: 12345"));
    assertThat(KubeconfigFile.simple(file)).isNull();

    assertThat(Kubeconfigs.load(options("--kubeconfig", file.toString(), "--context", "remote"), Map.of()).getAutoOAuthToken())
        .isEqualTo("12345");
  }
}
