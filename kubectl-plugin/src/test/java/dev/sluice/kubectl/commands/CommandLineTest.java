package dev.sluice.kubectl.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kubectl.CliRunner;
import dev.sluice.kubectl.CliRunner.Result;
import dev.sluice.kubectl.Main;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line without a cluster: help, usage errors and their exit codes, unreachable servers, completion. */
class CommandLineTest {
  @TempDir
  Path dir;

  /** A kubeconfig whose server refuses connections (nothing listens on port 1). */
  private Path unreachable() throws IOException {
    return Files.writeString(dir.resolve("kubeconfig"), """
        apiVersion: v1
        kind: Config
        current-context: dead
        clusters:
        - name: dead
          cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}
        contexts:
        - name: dead
          context: {cluster: dead, user: me}
        users:
        - name: me
          user: {token: t}
        """);
  }

  @Test
  void withoutACommandItPrintsHelp() {
    Result result = new CliRunner().run();

    assertThat(result.exitCode()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).contains("Usage: kubectl sluice", "promote", "abort", "lint");
  }

  /** Every command and subcommand, by the words that reach it; help must win over its missing arguments. */
  @Test
  void helpOnEveryCommandPrintsItsUsageAndExitsZero() {
    List<List<String>> commands = new ArrayList<>();
    try (Context context = new Context(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        InputStream.nullInputStream(), Map.of(), Clock.systemUTC(), false, StandardCharsets.UTF_8)) {
      collect(Main.commandLine(context), List.of(), commands);
    }
    assertThat(commands).as("commands found").hasSizeGreaterThanOrEqualTo(14);

    for (List<String> words : commands) {
      for (String flag : new String[] {"-h", "--help"}) {
        String[] args = Stream.concat(words.stream(), Stream.of(flag)).toArray(String[]::new);
        Result result = new CliRunner().run(args);

        assertThat(result.exitCode()).as("%s %s: %s", words, flag, result).isEqualTo(ExitCodes.OK);
        assertThat(result.out()).as("%s %s", words, flag)
            .contains("Usage: " + String.join(" ", Stream.concat(Stream.of("kubectl sluice"), words.stream()).toList()));
        assertThat(result.err()).as("%s %s", words, flag).isEmpty();
      }
    }
  }

  private static void collect(CommandLine command, List<String> words, List<List<String>> out) {
    out.add(words);
    command.getSubcommands().forEach((name, sub) -> {
      if (name.equals(sub.getCommandName())) {
        List<String> next = new ArrayList<>(words);
        next.add(name);
        collect(sub, next, out);
      }
    });
  }

  @Test
  void usageErrorsExitWith64AndPointToHelp() {
    Result badFlag = new CliRunner().run("get", "rollout", "web", "--bogus");
    Result badFormat = new CliRunner().run("list", "rollouts", "-o", "xml");
    Result badDuration = new CliRunner().run("status", "web", "--timeout", "5");
    Result missingName = new CliRunner().run("promote");

    assertThat(badFlag.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badFlag.err()).contains("error: Unknown option: '--bogus'", "See 'kubectl sluice get rollout --help'.");
    assertThat(badFormat.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badFormat.err()).contains("xml");
    assertThat(badDuration.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badDuration.err()).contains("invalid duration \"5\"");
    assertThat(missingName.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(missingName.err()).contains("Missing required parameter: 'NAME'");
  }

  @Test
  void anUnknownResourceTypeNamesWhatIsSupported() {
    Result get = new CliRunner().run("get", "deployment", "web");
    Result list = new CliRunner().run("list", "pods");

    assertThat(get.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(get.err()).isEqualTo("error: unknown resource type \"deployment\": kubectl sluice get supports rollout "
        + "(also: rollouts, ro, sro)\n");
    assertThat(list.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(list.err()).contains("unknown resource type \"pods\"");
  }

  @Test
  void anUnreachableServerFailsFastNamingItsUrl() throws IOException {
    Instant start = Instant.now();
    Result result = CliRunner.withKubeconfig(unreachable()).run("get", "rollout", "web");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.FAILED);
    assertThat(result.err()).isEqualTo("error: cannot reach the Kubernetes API server at https://127.0.0.1:1: connection refused\n");
    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void versionPrintsThePluginsVersionAndSaysWhyTheServersIsUnknown() throws IOException {
    Result result = CliRunner.withKubeconfig(unreachable()).run("version");
    Result clientOnly = new CliRunner().run("version", "--client");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).containsPattern("Client Version: \\d+\\.\\d+\\.\\d+")
        .contains("Server Version: unknown (cannot reach the Kubernetes API server at https://127.0.0.1:1: connection refused)");
    assertThat(clientOnly.out()).doesNotContain("Server Version");
  }

  @Test
  void versionWithoutAnyKubeconfigSaysSo() {
    Result result = new CliRunner().env("HOME", dir.toString()).run("version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Server Version: unknown (no kubeconfig: set KUBECONFIG");
  }

  @Test
  void completionScripts() {
    Result bash = new CliRunner().run("completion", "bash");
    Result zsh = new CliRunner().run("completion", "zsh");

    assertThat(bash.exitCode()).isZero();
    assertThat(bash.out()).contains("complete -F _complete_kubectl-sluice -o default kubectl-sluice",
        "function _picocli_kubectl-sluice_get_rollout()", "function _picocli_kubectl-sluice_promote()");
    // the same script serves zsh, through bashcompinit
    assertThat(zsh.exitCode()).isZero();
    assertThat(zsh.out()).isEqualTo(bash.out()).contains("autoload -U +X bashcompinit && bashcompinit");
  }
}
