package dev.sluice.kubectl.training;

import dev.sluice.kubectl.Main;
import dev.sluice.kubectl.cli.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The training run behind bin/kubectl-sluice's class-data archive (AppCDS, or the AOT cache on Java 25+): runs the
 * commands people run most against {@link TrainingServer}, so the classes (and, with the AOT cache, the profiles)
 * of their whole path are in the archive, not only those of `version`. Not a user command: the launcher runs
 * {@code java -cp kubectl-sluice.jar dev.sluice.kubectl.training.Training}. Over mutual TLS when keytool can make a
 * certificate ({@link TrainingTls}), as most kubeconfigs are. Exits non-zero when a command fails, so
 * a broken training never leaves an archive behind.
 */
public final class Training {
  static final String OBJECTS = "/dev/sluice/kubectl/training/canary-paused.yaml";
  static final List<List<String>> COMMANDS = List.of(
      List.of("version"),
      List.of("get", "rollout", "web", "-n", "prod"),
      List.of("get", "rollout", "web", "-n", "prod", "-o", "yaml"),
      List.of("list", "rollouts", "-n", "prod"));

  private Training() {
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("kubectl-sluice-training");
    Path kubeconfig = dir.resolve("kubeconfig.yaml");
    int failed = 0;
    Optional<TrainingTls> tls = TrainingTls.create(dir);
    try (TrainingServer server = TrainingServer.start(OBJECTS, tls.map(TrainingTls::server))) {
      Files.writeString(kubeconfig, kubeconfig(server.url(), tls));
      for (List<String> command : COMMANDS) {
        try (Context context = new Context(discard(), new PrintWriter(System.err, true), InputStream.nullInputStream(),
            Map.of("KUBECONFIG", kubeconfig.toString()), Clock.systemUTC(), false, StandardCharsets.UTF_8)) {
          if (Main.run(context, command.toArray(String[]::new)) != 0) {
            System.err.println("training: kubectl-sluice " + String.join(" ", command) + " failed");
            failed++;
          }
        }
      }
    } finally {
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.toList()) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(dir);
    }
    System.exit(failed == 0 ? 0 : 1);
  }

  private static String kubeconfig(String server, Optional<TrainingTls> tls) {
    String ca = tls.map(t -> ", certificate-authority-data: " + TrainingTls.base64(t.certificatePem())).orElse("");
    String user = tls.map(t -> "{client-certificate-data: " + TrainingTls.base64(t.certificatePem())
        + ", client-key-data: " + TrainingTls.base64(t.keyPem()) + "}").orElse("{token: training}");
    return """
        apiVersion: v1
        kind: Config
        current-context: training
        clusters:
        - name: training
          cluster: {server: "%s"%s}
        contexts:
        - name: training
          context: {cluster: training, user: training, namespace: prod}
        users:
        - name: training
          user: %s
        """.formatted(server, ca, user);
  }

  private static PrintWriter discard() {
    return new PrintWriter(Writer.nullWriter());
  }
}
