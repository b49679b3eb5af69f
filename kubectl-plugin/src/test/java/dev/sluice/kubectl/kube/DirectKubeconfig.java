package dev.sluice.kubectl.kube;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/** Kubeconfigs of one cluster, context and user named "test" for the direct read's tests, and the keys they name. */
final class DirectKubeconfig {
  private DirectKubeconfig() {
  }

  /** A file under test/resources/kube/direct, base64 as a kubeconfig's *-data field holds it. */
  static String data(String resource) throws Exception {
    return Base64.getEncoder().encodeToString(PemTest.resource(resource));
  }

  /** Writes the kubeconfig: cluster and user are the insides of their maps, context is appended to its map. */
  static Path write(Path file, String cluster, String context, String user) throws Exception {
    Files.writeString(file, """
        apiVersion: v1
        kind: Config
        current-context: test
        clusters:
        - name: test
          cluster: {%s}
        contexts:
        - name: test
          context: {cluster: test, user: test%s}
        users:
        - name: test
          user: {%s}
        """.formatted(cluster, context, user));
    return file;
  }
}
