package dev.sluice.kubectl.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import org.junit.jupiter.api.Test;

class KubeErrorsTest {
  private static final String SERVER = "https://10.0.0.1:6443";

  private static KubernetesClientException failure(int code, String message) {
    Status status = new StatusBuilder().withCode(code).withMessage(message).build();
    return new KubernetesClientException("Failure executing: PATCH at: " + SERVER + "/apis/...", code, status);
  }

  @Test
  void forbiddenNamesWhoVerbResourceAndNamespace() {
    String message = KubeErrors.describe(failure(403, "rollouts.sluice.dev \"web\" is forbidden: User "
        + "\"system:serviceaccount:prod:ci\" cannot patch resource \"rollouts/status\" in API group \"sluice.dev\" in the "
        + "namespace \"prod\""), SERVER).orElseThrow();

    assertThat(message).isEqualTo("forbidden: User \"system:serviceaccount:prod:ci\" cannot patch rollouts/status in API "
        + "group \"sluice.dev\" in namespace \"prod\" (RBAC: allow verb \"patch\" on resource \"rollouts/status\")");
  }

  @Test
  void forbiddenAtClusterScope() {
    String message = KubeErrors.describe(failure(403, "rollouts.sluice.dev is forbidden: User \"alice\" cannot list "
        + "resource \"rollouts\" in API group \"sluice.dev\" at the cluster scope"), SERVER).orElseThrow();

    assertThat(message).startsWith("forbidden: User \"alice\" cannot list rollouts in API group \"sluice.dev\" (RBAC:");
  }

  @Test
  void forbiddenInAnotherWordingKeepsTheServersMessage() {
    assertThat(KubeErrors.describe(failure(403, "denied by webhook"), SERVER)).contains("forbidden: denied by webhook");
  }

  @Test
  void unreachableNamesTheServer() {
    var refused = new KubernetesClientException("Operation: [get]", new ConnectException());
    var timedOut = new KubernetesClientException("Operation: [get]",
        new IOException(new HttpConnectTimeoutException("HTTP connect timed out")));

    assertThat(KubeErrors.describe(refused, SERVER))
        .contains("cannot reach the Kubernetes API server at https://10.0.0.1:6443: connection refused");
    assertThat(KubeErrors.describe(timedOut, SERVER))
        .contains("cannot reach the Kubernetes API server at https://10.0.0.1:6443: connection timed out");
  }

  @Test
  void unauthorizedAndOtherCodes() {
    assertThat(KubeErrors.describe(failure(401, "Unauthorized"), SERVER).orElseThrow()).startsWith("unauthorized: the API server at "
        + SERVER);
    assertThat(KubeErrors.describe(failure(422, "spec.replicas: Invalid value"), SERVER)).contains("invalid: spec.replicas: Invalid value");
    assertThat(KubeErrors.describe(failure(500, "etcd timeout"), SERVER)).contains("the API server at " + SERVER + " answered 500: etcd timeout");
  }

  @Test
  void notTheApisFaultIsLeftToTheCaller() {
    assertThat(KubeErrors.describe(new IllegalStateException("bug"), SERVER)).isEmpty();
  }
}
