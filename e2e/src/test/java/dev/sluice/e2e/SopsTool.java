package dev.sluice.e2e;

import dev.sluice.testing.RepoPaths;
import dev.sluice.testing.Scripts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SOPS and age (built from their Go modules by hack/build-sops.sh), used the way examples/gitops tells a person to:
 * an age key pair, and a Secret encrypted in place by {@code sops --encrypt} under the example's .sops.yaml rules.
 */
public final class SopsTool {
  /** The example's rules; its age recipient is replaced by the key of the run. */
  static final Path EXAMPLE_RULES = RepoPaths.resolve("examples/gitops/.sops.yaml");
  private static final Pattern RECIPIENT = Pattern.compile("(?m)^(\\s*age:\\s*)(\\S+)");
  private final Path bin;

  private SopsTool(Path bin) {
    this.bin = bin;
  }

  private static SopsTool built;

  /** Builds sops and age if they are not cached yet (install-prerequisites.sh builds them ahead); once per JVM. */
  public static synchronized SopsTool build() {
    if (built == null) {
      built = new SopsTool(Path.of(Scripts.lastLine(Scripts.run(RepoPaths.resolve("hack/build-sops.sh")))));
    }
    return built;
  }

  /** A new age identity: the private key file's content (what the sops-age Secret holds) and its recipient. */
  public record AgeKey(String privateKey, String recipient) {
  }

  public AgeKey newKey(Path dir) {
    Path file = dir.resolve("age-" + System.nanoTime() + ".agekey");
    run(dir, List.of(bin.resolve("age-keygen").toString(), "-o", file.toString()));
    String recipient = run(dir, List.of(bin.resolve("age-keygen").toString(), "-y", file.toString())).strip();
    try {
      return new AgeKey(Files.readString(file), recipient);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The manifest encrypted as {@code sops --encrypt --in-place <fileName>} does in a checkout holding the example's
   * .sops.yaml with this recipient: which keys get encrypted is the example's rule, not the test's.
   */
  public String encrypt(Path dir, String recipient, String fileName, String manifest) {
    try {
      Path work = Files.createTempDirectory(dir, "sops-");
      Matcher rule = RECIPIENT.matcher(Files.readString(EXAMPLE_RULES));
      if (!rule.find()) {
        throw new IllegalStateException(EXAMPLE_RULES + " names no age recipient");
      }
      Files.writeString(work.resolve(".sops.yaml"), rule.replaceFirst("$1" + Matcher.quoteReplacement(recipient)));
      Path file = work.resolve(fileName);
      Files.writeString(file, manifest);
      run(work, List.of(bin.resolve("sops").toString(), "--encrypt", "--in-place", fileName));
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String run(Path dir, List<String> command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
      builder.environment().keySet().removeIf(k -> k.startsWith("SOPS_"));
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
