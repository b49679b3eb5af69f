package dev.sluice.kubectl.commands;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.CliException;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.cli.DurationConverter;
import dev.sluice.kubectl.cli.ExitCodes;
import dev.sluice.kubectl.cli.KubeOptions;
import dev.sluice.kubectl.cli.OutputOptions;
import dev.sluice.kubectl.kube.Cluster;
import dev.sluice.kubectl.kube.Rollouts;
import dev.sluice.kubectl.render.Documents;
import dev.sluice.kubectl.view.Health;
import dev.sluice.kubectl.watch.ChangeSignal;
import dev.sluice.kubectl.watch.Deadline;
import dev.sluice.kubectl.watch.OnChange;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * `status NAME`: waits until the rollout is Healthy (exit 0) or Degraded (exit 1), or the timeout passes (exit 2),
 * printing a line whenever its state changes. A phase counts only once the controller has observed the current
 * generation.
 */
@Command(name = "status", description = "Wait until the rollout is Healthy (exit 0) or Degraded (exit 1); exit 2 on timeout.")
public final class StatusCommand implements Callable<Integer> {
  private final Context context;
  @Mixin
  KubeOptions kube;
  @Mixin
  OutputOptions output;
  @Parameters(index = "0", paramLabel = "NAME", description = "The rollout.")
  String name;
  @Option(names = {"-t", "--timeout"}, paramLabel = "DURATION", defaultValue = "0", converter = DurationConverter.class,
      description = "Give up after this long (e.g. 30s, 10m; default 0: wait forever).")
  Duration timeout;

  StatusCommand(Context context) {
    this.context = context;
  }

  /** The outcome for -o json/yaml. */
  record Result(String name, String namespace, String result, String phase, String message, String detail) {
  }

  @Override
  public Integer call() throws InterruptedException {
    Cluster cluster = context.cluster();
    Deadline deadline = Deadline.after(timeout);
    ChangeSignal signal = new ChangeSignal();
    try (SharedIndexInformer<Rollout> informer = new Rollouts(cluster).api().inNamespace(cluster.namespace())
        .withName(name).inform(new OnChange(signal::signal))) {
      String shown = null;
      while (true) {
        List<Rollout> found = informer.getStore().list();
        if (found.isEmpty()) {
          throw shown == null ? Rollouts.notFound(name, cluster.namespace())
              : new CliException("rollout \"" + name + "\" was deleted while waiting");
        }
        Rollout rollout = found.get(0);
        Health health = Health.assess(rollout);
        if (!health.line().equals(shown)) {
          progress(health.line());
          shown = health.line();
        }
        if (health.state() != Health.State.WAITING) {
          boolean healthy = health.state() == Health.State.HEALTHY;
          return finish(rollout, healthy ? "Healthy" : "Degraded", health.line(), healthy ? ExitCodes.OK : ExitCodes.FAILED);
        }
        if (!signal.await(deadline.remaining()) || deadline.passed()) {
          context.warn("error: timed out after " + DurationText.of(timeout) + " waiting for rollout \"" + name + "\": " + shown);
          return finish(rollout, "Timeout", shown, ExitCodes.TIMEOUT);
        }
      }
    }
  }

  private void progress(String line) {
    if (output.format.structured()) {
      context.warn(line);
    } else {
      context.print(line + "\n");
    }
  }

  private int finish(Rollout rollout, String result, String detail, int code) {
    if (output.format.structured()) {
      var status = rollout.getStatus();
      context.print(Documents.write(new Result(name, rollout.getMetadata().getNamespace(), result,
          status == null || status.phase == null ? null : status.phase.name(), status == null ? null : status.message,
          detail), output.format));
    }
    return code;
  }
}
