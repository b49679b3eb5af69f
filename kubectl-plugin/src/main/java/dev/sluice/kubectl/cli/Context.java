package dev.sluice.kubectl.cli;

import dev.sluice.kubectl.kube.Cluster;
import dev.sluice.kubectl.render.Glyphs;
import dev.sluice.kubectl.render.Style;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/**
 * Everything a command needs from the outside world, for one invocation: output streams, environment, clock, whether
 * stdout is a terminal, the connection flags and (lazily) the cluster. Tests build one with captured streams.
 */
public final class Context implements AutoCloseable {
  private final PrintWriter out;
  private final PrintWriter err;
  private final InputStream in;
  private final Map<String, String> env;
  private final Clock clock;
  private final boolean terminal;
  private final Charset charset;
  private final KubeOptions kubeOptions = new KubeOptions();
  private Cluster cluster;

  public Context(PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env, Clock clock, boolean terminal,
                 Charset charset) {
    this.out = out;
    this.err = err;
    this.in = in;
    this.env = env;
    this.clock = clock;
    this.terminal = terminal;
    this.charset = charset;
  }

  /** The real process: stdout, stderr, stdin, the environment, the system clock. */
  public static Context system() {
    Charset charset = System.console() != null ? System.console().charset() : Charset.defaultCharset();
    return new Context(writer(FileDescriptor.out, charset), writer(FileDescriptor.err, charset), System.in, System.getenv(),
        Clock.systemUTC(), System.console() != null, charset);
  }

  private static PrintWriter writer(FileDescriptor fd, Charset charset) {
    return new PrintWriter(new OutputStreamWriter(new FileOutputStream(fd), charset), true);
  }

  /** The cluster of the connection flags, connected on first use. */
  public Cluster cluster() {
    return cluster(Cluster.DEFAULT);
  }

  public synchronized Cluster cluster(Cluster.Timeouts timeouts) {
    if (cluster == null) {
      cluster = Cluster.connect(kubeOptions, env, timeouts);
    }
    return cluster;
  }

  /** The API server's URL once connected, for error messages; null before. */
  public synchronized String server() {
    return cluster == null ? null : cluster.server();
  }

  /** Colour when stdout is a terminal and NO_COLOR is not set (https://no-color.org: any non-empty value). */
  public Style style() {
    String noColor = env.get("NO_COLOR");
    return terminal && (noColor == null || noColor.isEmpty()) ? Style.COLOR : Style.PLAIN;
  }

  public Glyphs glyphs() {
    return Glyphs.forCharset(charset);
  }

  public boolean terminal() {
    return terminal;
  }

  public Instant now() {
    return clock.instant();
  }

  public KubeOptions kubeOptions() {
    return kubeOptions;
  }

  public Map<String, String> env() {
    return env;
  }

  public InputStream in() {
    return in;
  }

  public PrintWriter out() {
    return out;
  }

  public PrintWriter err() {
    return err;
  }

  /** Prints text (which ends in a newline when it should) to stdout and flushes, so watchers see it at once. */
  public void print(String text) {
    out.print(text);
    out.flush();
  }

  /** A line on stderr: warnings and progress that must not mix with -o json/yaml documents. */
  public void warn(String line) {
    err.println(line);
    err.flush();
  }

  @Override
  public synchronized void close() {
    out.flush();
    err.flush();
    if (cluster != null) {
      cluster.close();
    }
  }
}
