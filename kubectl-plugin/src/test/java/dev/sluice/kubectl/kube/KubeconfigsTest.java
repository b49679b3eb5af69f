package dev.sluice.kubectl.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.kubectl.cli.CliException;
import dev.sluice.kubectl.cli.KubeOptions;
import io.fabric8.kubernetes.client.Config;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KubeconfigsTest {
  @TempDir
  Path dir;

  /** The connection flags as picocli parses them. */
  static KubeOptions options(String... args) {
    KubeOptions options = new KubeOptions();
    new CommandLine(options).parseArgs(args);
    return options;
  }

  private Path kubeconfig(String name, String current) throws IOException {
    return Files.writeString(dir.resolve(name), """
        apiVersion: v1
        kind: Config
        current-context: %s
        clusters:
        - name: one
          cluster: {server: "https://one.example:6443"}
        - name: two
          cluster: {server: "https://two.example:6443"}
        contexts:
        - name: one
          context: {cluster: one, user: me, namespace: team-a}
        - name: two
          context: {cluster: two, user: me}
        users:
        - name: me
          user: {token: secret}
        """.formatted(current));
  }

  @Test
  void theFlagWinsOverKubeconfigWhichWinsOverHome() {
    Map<String, String> env = Map.of("KUBECONFIG", "/a:/b", "HOME", "/home/me");

    assertThat(Kubeconfigs.files(options("--kubeconfig", "/x"), env)).containsExactly(Path.of("/x"));
    assertThat(Kubeconfigs.files(options(), env)).containsExactly(Path.of("/a"), Path.of("/b"));
    assertThat(Kubeconfigs.files(options(), Map.of("HOME", "/home/me"))).containsExactly(Path.of("/home/me/.kube/config"));
  }

  @Test
  void usesTheCurrentContextOrTheOneNamed() throws IOException {
    Path file = kubeconfig("config", "one");

    Config current = Kubeconfigs.load(options("--kubeconfig", file.toString()), Map.of());
    Config named = Kubeconfigs.load(options("--kubeconfig", file.toString(), "--context", "two"), Map.of());

    assertThat(current.getMasterUrl()).startsWith("https://one.example:6443");
    assertThat(current.getNamespace()).isEqualTo("team-a");
    assertThat(named.getMasterUrl()).startsWith("https://two.example:6443");
  }

  @Test
  void anUnknownContextIsAnErrorNotTheCurrentOne() throws IOException {
    Path file = kubeconfig("config", "one");

    assertThatThrownBy(() -> Kubeconfigs.load(options("--kubeconfig", file.toString(), "--context", "prod"), Map.of()))
        .isInstanceOf(CliException.class).hasMessage("context \"prod\" not found in kubeconfig " + file);
  }

  @Test
  void missingFilesAreNamed() {
    assertThatThrownBy(() -> Kubeconfigs.load(options("--kubeconfig", dir.resolve("nope").toString()), Map.of()))
        .hasMessage("kubeconfig \"" + dir.resolve("nope") + "\" not found");
    assertThatThrownBy(() -> Kubeconfigs.load(options(), Map.of("HOME", dir.toString())))
        .hasMessageStartingWith("no kubeconfig: set KUBECONFIG, pass --kubeconfig, or create " + dir.resolve(".kube/config"));
  }

  @Test
  void severalFilesInKubeconfigAreMergedLikeKubectlDoes() throws IOException {
    Path first = Files.writeString(dir.resolve("first"), """
        apiVersion: v1
        kind: Config
        clusters:
        - name: three
          cluster: {server: "https://three.example:6443"}
        contexts:
        - name: three
          context: {cluster: three, user: me}
        users:
        - name: me
          user: {token: secret}
        """);
    Path second = kubeconfig("second", "two");
    Map<String, String> env = Map.of("KUBECONFIG", first + File.pathSeparator + second);

    assertThat(Kubeconfigs.load(options(), env).getMasterUrl()).startsWith("https://two.example:6443");
    assertThat(Kubeconfigs.load(options("--context", "three"), env).getMasterUrl()).startsWith("https://three.example:6443");
    assertThat(System.getProperty(Config.KUBERNETES_KUBECONFIG_FILE)).isNull();
  }

  @Test
  void contextNamesOfSeveralFilesAreMerged() throws IOException {
    Path first = Files.writeString(dir.resolve("first"), "apiVersion: v1\nkind: Config\ncontexts:\n- name: only-here\n");
    Path second = kubeconfig("second", "two");

    assertThat(Kubeconfigs.contextNames(Kubeconfigs.models(List.of(first, second)))).containsExactly("only-here", "one", "two");
  }

  @Test
  void withoutACurrentContextTheContextMustBeNamed() throws IOException {
    Path file = kubeconfig("config", "\"\"");

    assertThatThrownBy(() -> Kubeconfigs.load(options("--kubeconfig", file.toString()), Map.of()))
        .hasMessage("no current context in kubeconfig " + file + ": pass --context");
    assertThat(Kubeconfigs.load(options("--kubeconfig", file.toString(), "--context", "two"), Map.of()).getMasterUrl())
        .startsWith("https://two.example:6443");
  }
}
