package dev.sluice.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.testing.Eventually;
import dev.sluice.testing.TestCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the image tar the build wrote and checks what a platform team checks before running it: who it runs as,
 * what it starts, what is in it; then runs it the way a container runtime would (its layers unpacked into a root
 * filesystem, a private mount and PID namespace with its own /proc, chroot, the image's user) against a real API
 * server.
 */
class OperatorImageTest {
  private static final Path IMAGE_TAR = Path.of(System.getProperty("image.tar", "target/sluice-operator-image.tar"));
  private static final String IMAGE_NAME = System.getProperty("image.name");
  private static final String IMAGE_JAVA = System.getProperty("image.java");

  @TempDir
  static Path work;
  private static JsonNode manifest;
  private static JsonNode config;
  private static Path rootfs;

  @BeforeAll
  static void unpackImage() throws Exception {
    assertThat(IMAGE_TAR).as("the image tar written by the build").isRegularFile();
    assertThat(run(List.of("id", "-u")).trim())
        .as("unpacking layers with their owners and chroot need root").isEqualTo("0");
    Path image = Files.createDirectory(work.resolve("image"));
    run(List.of("tar", "-xf", IMAGE_TAR.toString(), "-C", image.toString()));
    ObjectMapper json = new ObjectMapper();
    manifest = json.readTree(image.resolve("manifest.json").toFile()).get(0);
    config = json.readTree(image.resolve(manifest.get("Config").asText()).toFile());
    rootfs = Files.createDirectory(work.resolve("rootfs"));
    for (JsonNode layer : manifest.get("Layers")) {
      // Jib's PAX headers carry a creation time GNU tar does not know.
      run(List.of("tar", "--warning=no-unknown-keyword", "-xzf", image.resolve(layer.asText()).toString(),
          "-C", rootfs.toString()));
    }
  }

  @Test
  void isNamedAsTheChartExpects() {
    assertThat(manifest.get("RepoTags").get(0).asText()).isEqualTo(IMAGE_NAME);
  }

  @Test
  void runsAsTheNonRootUser185() throws IOException {
    assertThat(config.at("/config/User").asText()).isEqualTo("185");
    assertThat(Files.readAllLines(rootfs.resolve("etc/passwd")))
        .anySatisfy(line -> assertThat(line).matches("[^:]+:x:185:185:.*"));
  }

  @Test
  void startsTheQuarkusAppWithTheImagesOwnJava() {
    List<String> entrypoint = entrypoint();
    assertThat(entrypoint.get(0)).isEqualTo(IMAGE_JAVA);
    assertThat(entrypoint.subList(entrypoint.size() - 2, entrypoint.size()))
        .containsExactly("-jar", "/deployments/quarkus-run.jar");
    assertThat(rootfs.resolve(IMAGE_JAVA.substring(1))).isExecutable();
    assertThat(rootfs.resolve("deployments/quarkus-run.jar")).isRegularFile();
    assertThat(rootfs.resolve("deployments/quarkus/quarkus-application.dat")).isRegularFile();
    assertThat(rootfs.resolve("deployments/lib/main").toFile().list())
        .anySatisfy(jar -> assertThat(jar).startsWith("dev.sluice.sluice-gitops"));
    assertThat(rootfs.resolve("deployments/app").toFile().list())
        .anySatisfy(jar -> assertThat(jar).startsWith("sluice-operator"));
  }

  @Test
  void itsJavaIsAJre17WithTheCaKeystore() throws Exception {
    String version = run(inImage(List.of(IMAGE_JAVA, "-version")));
    assertThat(version).contains("OpenJDK Runtime Environment").contains("17.0.");
    // TLS to anything but the API server (a Git host, Prometheus behind HTTPS) needs the public CAs.
    assertThat(rootfs.resolve("etc/ssl/certs/java/cacerts")).isNotEmptyFile();
  }

  @Tag("cluster")
  @Test
  void theOperatorInTheImageBecomesReadyAgainstARealApiServer() throws Exception {
    Path kubeconfig = rootfs.resolve("tmp/kubeconfig.yaml");
    Files.writeString(kubeconfig, withEmbeddedFiles(Files.readString(TestCluster.get().kubeconfig())));
    run(List.of("chown", "185:185", kubeconfig.toString()));
    int port = freePort();
    Path log = work.resolve("operator.log");
    ProcessBuilder builder = new ProcessBuilder(inImage(entrypoint()))
        .redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(Map.of("KUBECONFIG", "/tmp/kubeconfig.yaml", "QUARKUS_HTTP_PORT", String.valueOf(port)));
    Process operator = builder.start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build();
      Eventually.until("the operator in the image reports ready; its log:\n" + log, Duration.ofSeconds(90), () -> {
        assertThat(operator.isAlive()).as("operator process alive; log: %s", read(log)).isTrue();
        try {
          return http.send(ready, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
          return false;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      });
      assertThat(read(log)).contains("Starting 'rollout' controller").doesNotContain("listSyncAndWatch failed");
      String user = run(List.of("ps", "-o", "user=", "--ppid", String.valueOf(operator.pid())));
      assertThat(user.trim()).as("owner of the process unshare forked").isIn("185", "jboss");
    } finally {
      // unshare --fork ignores SIGTERM, and its --kill-child does not outlive chroot's change of user: the
      // operator, PID 1 of its namespace, is killed itself, and unshare exits with it.
      List<ProcessHandle> tree = operator.descendants().collect(Collectors.toList());
      tree.forEach(ProcessHandle::destroyForcibly);
      operator.destroyForcibly();
      operator.waitFor(20, TimeUnit.SECONDS);
      Eventually.until("the operator from the image has exited", Duration.ofSeconds(20),
          () -> tree.stream().noneMatch(ProcessHandle::isAlive));
    }
  }

  private static List<String> entrypoint() {
    List<String> entrypoint = new ArrayList<>();
    config.at("/config/Entrypoint").forEach(arg -> entrypoint.add(arg.asText()));
    return entrypoint;
  }

  /** The command as a container runtime runs it: own mount and PID namespace and /proc, the image's root and user. */
  private static List<String> inImage(List<String> command) {
    String user = config.at("/config/User").asText();
    List<String> full = new ArrayList<>(List.of("unshare", "--mount", "--pid", "--fork", "--kill-child",
        "--mount-proc=" + rootfs.resolve("proc"), "chroot", "--userspec=" + user + ":" + user, rootfs.toString()));
    full.addAll(command);
    return full;
  }

  /** The local cluster's kubeconfig names certificate files outside the image; carry their content instead. */
  static String withEmbeddedFiles(String kubeconfig) throws IOException {
    Matcher m = Pattern.compile("(?m)^(\\s*)(certificate-authority|client-certificate|client-key): *(\\S+)$")
        .matcher(kubeconfig);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String data = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(m.group(3))));
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + m.group(2) + "-data: " + data));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out;
    try (Stream<String> lines = p.inputReader().lines()) {
      out = lines.collect(Collectors.joining("\n"));
    }
    assertThat(p.waitFor()).as("%s exit code; output:\n%s", command, out).isZero();
    return out;
  }
}
