package dev.sluice.charts;

import dev.sluice.testing.RepoPaths;
import dev.sluice.testing.Scripts;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The helm CLI that hack/build-helm.sh builds from its Go module, run on charts/sluice. */
final class Helm {
  static final Path CHART = RepoPaths.resolve("charts/sluice");
  private static Path binary;

  private Helm() {
  }

  static synchronized Path binary() {
    if (binary == null) {
      binary = Path.of(Scripts.lastLine(Scripts.run(RepoPaths.resolve("hack/build-helm.sh"))));
    }
    return binary;
  }

  /** Runs helm and returns stdout and stderr together; fails the test on a non-zero exit. */
  static String run(String... args) {
    Result result = tryRun(args);
    if (result.exit() != 0) {
      throw new AssertionError("helm " + String.join(" ", args) + " exited " + result.exit() + ":\n" + result.output());
    }
    return result.output();
  }

  static Result tryRun(String... args) {
    List<String> command = new ArrayList<>();
    command.add(binary().toString());
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(RepoPaths.root().toFile()).redirectErrorStream(true);
      // No user's helm configuration or cache leaks in, and nothing is written to the user's home.
      Path home = Path.of("target", "helm-home").toAbsolutePath();
      builder.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
      builder.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
      builder.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("helm " + String.join(" ", args) + " timed out:\n" + out);
      }
      return new Result(process.exitValue(), out);
    } catch (IOException e) {
      throw new IllegalStateException("could not run helm", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** `helm template` of charts/sluice as objects, with the given extra arguments (e.g. --set a=b). */
  static List<GenericKubernetesResource> template(String release, String namespace, String... extra) {
    List<String> args = new ArrayList<>(List.of("template", release, CHART.toString(), "--namespace", namespace));
    args.addAll(List.of(extra));
    return parse(run(args.toArray(String[]::new)));
  }

  static List<GenericKubernetesResource> parse(String yaml) {
    List<GenericKubernetesResource> objects = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      String body = document.lines().filter(line -> !line.startsWith("#")).reduce("", (a, b) -> a + b + "\n");
      if (!body.isBlank()) {
        objects.add(Serialization.unmarshal(body, GenericKubernetesResource.class));
      }
    }
    return objects;
  }

  record Result(int exit, String output) {
  }
}
