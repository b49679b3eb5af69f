package dev.sluice.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A k3s cluster in a container, for machines with a Docker engine ({@code -Dsluice.cluster=k3s}). It gets the same
 * CRDs as the local control plane: Sluice's, the Gateway API's and Istio's.
 */
final class K3sCluster {
  private K3sCluster() {
  }

  static Path start() {
    String image = System.getProperty("sluice.k3s.image", "rancher/k3s:v1.33.1-k3s1");
    K3sContainer k3s = new K3sContainer(DockerImageName.parse(image));
    k3s.start();
    Runtime.getRuntime().addShutdownHook(new Thread(k3s::stop, "k3s-stop"));
    try {
      Path kubeconfig = Files.createTempFile("sluice-k3s", ".kubeconfig");
      Files.writeString(kubeconfig, k3s.getKubeConfigYaml());
      try (KubernetesClient client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml())).build()) {
        Path thirdParty = Path.of(Scripts.lastLine(Scripts.run(RepoPaths.resolve("hack/local-cluster.sh"), "crds")));
        for (Path dir : new Path[] {RepoPaths.resolve("crds/manifests"), thirdParty}) {
          try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
              try (var in = Files.newInputStream(file)) {
                client.load(in).serverSideApply();
              }
            }
          }
        }
      }
      return kubeconfig;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
