package dev.sluice.kubectl.commands;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.cli.OutputFormat;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which command lines run without picocli, and what they mean; the rest must reach picocli unchanged. */
class DirectGetRolloutTest {
  private static Context context() {
    return new Context(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        InputStream.nullInputStream(), Map.of(), Clock.systemUTC(), false, StandardCharsets.UTF_8);
  }

  @Test
  void thePlainFormIsReadAsPicocliReadsIt() {
    for (List<String> args : List.of(
        List.of("get", "rollout", "web", "-n", "prod", "-o", "yaml"),
        List.of("-n", "prod", "get", "ro", "web", "--output=YAML"),
        List.of("--namespace=prod", "get", "rollouts", "-o", "yaml", "web"),
        List.of("get", "sro", "--namespace", "prod", "web", "--output", "yaml"))) {
      Context context = context();
      Optional<GetRolloutCommand> command = DirectGetRollout.parse(context, args.toArray(String[]::new));

      assertThat(command).as("%s", args).isPresent();
      assertThat(command.get().name).isEqualTo("web");
      assertThat(command.get().output.format).isEqualTo(OutputFormat.yaml);
      assertThat(command.get().watch).isFalse();
      assertThat(context.kubeOptions().namespace()).isEqualTo("prod");
    }
    Context context = context();
    Optional<GetRolloutCommand> plain = DirectGetRollout.parse(context, "--context", "kind", "get", "rollout", "web",
        "--kubeconfig=/tmp/k");
    assertThat(plain.get().output.format).isEqualTo(OutputFormat.text);
    assertThat(context.kubeOptions().context()).isEqualTo("kind");
    assertThat(context.kubeOptions().kubeconfig()).isEqualTo("/tmp/k");
    assertThat(context.kubeOptions().namespace()).isNull();
  }

  @Test
  void everythingElseIsLeftToPicocli() {
    for (List<String> args : List.of(
        List.of("get", "rollout"),
        List.of("get", "rollout", "web", "-w"),
        List.of("get", "rollout", "web", "--timeout", "5s"),
        List.of("get", "rollout", "web", "--help"),
        List.of("get", "rollout", "web", "extra"),
        List.of("get", "rollout", "web", "-n", "a", "--namespace", "b"),
        List.of("get", "rollout", "web", "-n"),
        List.of("get", "rollout", "web", "-n", "-o"),
        List.of("get", "rollout", "web", "-o", "xml"),
        List.of("get", "rollout", "web", "-nprod"),
        List.of("get", "-n", "prod", "rollout", "web"),
        List.of("-o", "yaml", "get", "rollout", "web"),
        List.of("get", "deployment", "web"),
        List.of("get", "rollout", "--", "web"),
        List.of("@args", "get", "rollout", "web"),
        List.of("status", "web"),
        List.of("--help"))) {
      Context context = context();
      assertThat(DirectGetRollout.parse(context, args.toArray(String[]::new))).as("%s", args).isEmpty();
      assertThat(context.kubeOptions().namespace()).as("%s leaves the flags to picocli", args).isNull();
    }
  }
}
