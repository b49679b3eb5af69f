package dev.sluice.kubectl.cluster;

import static dev.sluice.kubectl.cluster.ClusterFixtures.createRollout;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kubectl.CliRunner;
import dev.sluice.kubectl.CliRunner.Result;
import dev.sluice.testing.KubernetesExtension;
import dev.sluice.testing.TestCluster;
import dev.sluice.testing.TestNamespace;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A user without the RBAC a command needs is told which verb on which resource was refused. */
@Tag("cluster")
@ExtendWith(KubernetesExtension.class)
class RbacClusterTest {
  @TempDir
  Path dir;

  /** A kubeconfig for a new ServiceAccount of the namespace, authenticated by a token from the TokenRequest API. */
  private Path kubeconfigOf(KubernetesClient client, TestNamespace ns, TestCluster cluster, String account) throws IOException {
    client.serviceAccounts().inNamespace(ns.name()).resource(new ServiceAccountBuilder().withNewMetadata().withName(account)
        .endMetadata().build()).create();
    String token = client.serviceAccounts().inNamespace(ns.name()).withName(account)
        .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(3600L).endSpec().build())
        .getStatus().getToken();
    Config admin = Config.fromKubeconfig(Files.readString(cluster.kubeconfig()));
    String ca = admin.getCaCertData() != null ? "certificate-authority-data: " + admin.getCaCertData()
        : "certificate-authority: " + admin.getCaCertFile();
    return Files.writeString(dir.resolve(account + ".kubeconfig"), """
        apiVersion: v1
        kind: Config
        current-context: sa
        clusters:
        - name: test
          cluster:
            server: %s
            %s
        contexts:
        - name: sa
          context: {cluster: test, user: sa, namespace: %s}
        users:
        - name: sa
          user: {token: %s}
        """.formatted(admin.getMasterUrl(), ca, ns.name(), token));
  }

  @Test
  void withoutAnyRbacReadingIsForbiddenNamingVerbAndResource(KubernetesClient client, TestNamespace ns, TestCluster cluster)
      throws IOException {
    createRollout(client, ns, "web");
    Path kubeconfig = kubeconfigOf(client, ns, cluster, "nobody");

    Result get = new CliRunner().run("get", "rollout", "web", "--kubeconfig", kubeconfig.toString());
    Result list = new CliRunner().run("list", "rollouts", "--kubeconfig", kubeconfig.toString());

    String user = "User \"system:serviceaccount:" + ns.name() + ":nobody\"";
    assertThat(get.exitCode()).as(get.toString()).isEqualTo(1);
    assertThat(get.err()).isEqualTo("error: forbidden: " + user + " cannot get rollouts in API group \"sluice.dev\" in namespace \""
        + ns.name() + "\" (RBAC: allow verb \"get\" on resource \"rollouts\")\n");
    assertThat(list.exitCode()).isEqualTo(1);
    assertThat(list.err()).contains("cannot list rollouts in API group \"sluice.dev\"");
  }

  @Test
  void readingButNotPatchingStatusIsForbiddenNamingTheSubresource(KubernetesClient client, TestNamespace ns, TestCluster cluster)
      throws IOException {
    createRollout(client, ns, "web");
    Path kubeconfig = kubeconfigOf(client, ns, cluster, "viewer");
    client.rbac().roles().inNamespace(ns.name()).resource(new RoleBuilder().withNewMetadata().withName("rollout-viewer").endMetadata()
        .addNewRule().withApiGroups("sluice.dev").withResources("rollouts").withVerbs("get", "list", "watch").endRule().build()).create();
    client.rbac().roleBindings().inNamespace(ns.name()).resource(new RoleBindingBuilder().withNewMetadata().withName("viewer")
        .endMetadata().withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName("rollout-viewer")
        .endRoleRef().addNewSubject().withKind("ServiceAccount").withName("viewer").withNamespace(ns.name()).endSubject().build())
        .create();

    Result abort = new CliRunner().run("abort", "web", "--kubeconfig", kubeconfig.toString());

    assertThat(abort.exitCode()).as(abort.toString()).isEqualTo(1);
    assertThat(abort.err()).contains("cannot patch rollouts/status in API group \"sluice.dev\" in namespace \"" + ns.name() + "\"",
        "allow verb \"patch\" on resource \"rollouts/status\"");
  }
}
