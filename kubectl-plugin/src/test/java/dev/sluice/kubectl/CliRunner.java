package dev.sluice.kubectl;

import dev.sluice.kubectl.cli.Context;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the plugin in-process, as the shell would, with captured output and a chosen environment. */
public final class CliRunner {
  private final Map<String, String> env = new HashMap<>();
  private boolean terminal;
  private String stdin = "";

  /** The result of one invocation. */
  public record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** An invocation running on its own thread (a watch, a wait), whose output can be read while it runs. */
  public record Running(StringWriter out, CompletableFuture<Result> result) {
    public String outSoFar() {
      return out.toString();
    }

    public Result await(Duration timeout) throws Exception {
      return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  public static CliRunner withKubeconfig(Path kubeconfig) {
    return new CliRunner().env("KUBECONFIG", kubeconfig.toString());
  }

  public CliRunner env(String name, String value) {
    env.put(name, value);
    return this;
  }

  public CliRunner terminal(boolean value) {
    terminal = value;
    return this;
  }

  public CliRunner stdin(String value) {
    stdin = value;
    return this;
  }

  public Result run(String... args) {
    return run(new StringWriter(), new StringWriter(), args);
  }

  public Running start(String... args) {
    StringWriter out = new StringWriter();
    CompletableFuture<Result> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        result.complete(run(out, new StringWriter(), args));
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }, "cli-" + String.join("-", args));
    thread.setDaemon(true);
    thread.start();
    return new Running(out, result);
  }

  private Result run(StringWriter out, StringWriter err, String... args) {
    InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    Map<String, String> environment = new HashMap<>(env);
    environment.putIfAbsent("HOME", System.getProperty("java.io.tmpdir"));
    try (Context context = new Context(new PrintWriter(out, true), new PrintWriter(err, true), in, Map.copyOf(environment),
        Clock.systemUTC(), terminal, StandardCharsets.UTF_8)) {
      int code = Main.run(context, args);
      return new Result(code, out.toString(), err.toString());
    }
  }
}
