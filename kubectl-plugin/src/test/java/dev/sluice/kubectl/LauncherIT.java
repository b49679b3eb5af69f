package dev.sluice.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kubectl.CliRunner.Result;
import dev.sluice.kubectl.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/kubectl-sluice: runs the jar, passes arguments, stdin and exit codes through, makes and uses the CDS archive. */
class LauncherIT {
  @TempDir
  Path dir;

  private Map<String, String> env() {
    return Map.of("SLUICE_PLUGIN_JAR", PluginProcess.jar().toAbsolutePath().toString(), "SLUICE_CACHE",
        dir.resolve("cache").toString(), "HOME", dir.toString());
  }

  private List<String> launcher(String... args) {
    List<String> command = new ArrayList<>(List.of(PluginProcess.repoRoot().resolve("bin/kubectl-sluice").toString()));
    command.addAll(List.of(args));
    return command;
  }

  private List<Path> archives() throws IOException {
    Path cache = dir.resolve("cache");
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cache)) {
      // AppCDS before Java 25, an AOT cache from 25 on
      return files.filter(f -> f.getFileName().toString().matches("kubectl-sluice-\\d+\\.(jsa|aot)")).toList();
    }
  }

  @Test
  void makesTheArchiveOnceAndUsesIt() throws Exception {
    Result first = PluginProcess.run(launcher("version", "--client"), env(), "", dir);
    List<Path> made = archives();
    Path classLog = dir.resolve("classes.log");
    Map<String, String> logging = new HashMap<>(env());
    logging.put("SLUICE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
    Result second = PluginProcess.run(launcher("version", "--client"), logging, "", dir);

    assertThat(first.exitCode()).as(first.toString()).isZero();
    assertThat(first.out()).startsWith("Client Version: ");
    assertThat(made).hasSize(1);
    assertThat(second.out()).isEqualTo(first.out());
    assertThat(second.err()).isEmpty();
    assertThat(archives()).isEqualTo(made);
    assertThat(Files.getLastModifiedTime(made.get(0))).isEqualTo(Files.getLastModifiedTime(archives().get(0)));
    // the plugin's own classes come from the archive, not from the jar
    assertThat(Files.readString(classLog)).contains("dev.sluice.kubectl.Main source: shared objects file");
  }

  /** The training run goes beyond `version`: a read from a cluster finds its client, TLS and model in the archive. */
  @Test
  void theArchiveHoldsWhatAReadFromAClusterLoads() throws Exception {
    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        current-context: dead
        clusters:
        - name: dead
          cluster: {server: "https://127.0.0.1:1"}
        contexts:
        - name: dead
          context: {cluster: dead, user: me}
        users:
        - name: me
          user: {token: t}
        """);
    PluginProcess.run(launcher("version", "--client"), env(), "", dir);
    Path classLog = dir.resolve("classes.log");
    Map<String, String> logging = new HashMap<>(env());
    logging.put("SLUICE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog);
    logging.put("KUBECONFIG", kubeconfig.toString());

    Result get = PluginProcess.run(launcher("get", "rollout", "web"), logging, "", dir);

    assertThat(get.err()).contains("cannot reach the Kubernetes API server at https://127.0.0.1:1");
    assertThat(Files.readString(classLog)).contains(
        "io.fabric8.kubernetes.client.KubernetesClientBuilder source: shared objects file",
        "dev.sluice.kubectl.commands.GetRolloutCommand source: shared objects file",
        "sun.security.ssl.SSLContextImpl source: shared objects file");
  }

  @Test
  void withoutCdsNoArchiveIsMade() throws Exception {
    Map<String, String> env = new HashMap<>(env());
    env.put("SLUICE_CDS", "0");

    Result result = PluginProcess.run(launcher("version", "--client"), env, "", dir);

    assertThat(result.exitCode()).isZero();
    assertThat(archives()).isEmpty();
  }

  @Test
  void passesExitCodesAndStdinThrough() throws Exception {
    Result usage = PluginProcess.run(launcher("get", "deployment", "web"), env(), "", dir);
    Result lint = PluginProcess.run(launcher("lint", "-f", "-"), env(), "apiVersion: sluice.dev/v1alpha1\nkind: Rollout\n"
        + "metadata:\n  name: web\nspec:\n  replicas: -1\n", dir);

    assertThat(usage.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(usage.err()).contains("unknown resource type \"deployment\"");
    assertThat(lint.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(lint.out()).contains("<stdin>:6: spec.replicas: should be greater than or equal to 0");
  }
}
