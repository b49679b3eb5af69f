package dev.sluice.kubectl.commands;

import dev.sluice.kubectl.cli.CliException;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.cli.ExitCodes;
import dev.sluice.kubectl.cli.KubeOptions;
import dev.sluice.kubectl.cli.Version;
import dev.sluice.kubectl.kube.Cluster;
import dev.sluice.kubectl.kube.KubeErrors;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `version`: the plugin's version, and the API server's when it answers within a short time. */
@Command(name = "version", description = "Print the plugin's version and, if reachable, the Kubernetes server's.")
public final class VersionCommand implements Callable<Integer> {
  /** The server's version is a courtesy: no retries, a short wait. */
  static final Cluster.Timeouts SHORT = new Cluster.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), 0);

  private final Context context;
  @Mixin
  KubeOptions kube;
  @Option(names = "--client", description = "Only the plugin's version; do not contact the server.")
  boolean clientOnly;

  VersionCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    context.print("Client Version: " + Version.get() + " (Java " + Runtime.version() + ")\n");
    if (!clientOnly) {
      context.print("Server Version: " + server() + "\n");
    }
    return ExitCodes.OK;
  }

  private String server() {
    Cluster cluster;
    try {
      cluster = context.cluster(SHORT);
    } catch (CliException e) {
      return "unknown (" + e.getMessage() + ")";
    }
    try {
      return cluster.client().getKubernetesVersion().getGitVersion() + " (" + cluster.server() + ")";
    } catch (RuntimeException e) {
      return "unknown (" + KubeErrors.describe(e, cluster.server()).orElse(e.toString()) + ")";
    }
  }
}
