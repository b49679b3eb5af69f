package dev.sluice.kubectl.commands;

import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.cli.DurationConverter;
import dev.sluice.kubectl.cli.ExitCodes;
import dev.sluice.kubectl.cli.KubeOptions;
import dev.sluice.kubectl.cli.OutputOptions;
import dev.sluice.kubectl.kube.Cluster;
import dev.sluice.kubectl.kube.DirectSnapshotReader;
import dev.sluice.kubectl.kube.ReadModel;
import dev.sluice.kubectl.kube.RolloutInformers;
import dev.sluice.kubectl.kube.Rollouts;
import dev.sluice.kubectl.kube.SnapshotReader;
import dev.sluice.kubectl.render.Documents;
import dev.sluice.kubectl.render.TreeRenderer;
import dev.sluice.kubectl.view.RolloutSnapshot;
import dev.sluice.kubectl.view.RolloutView;
import dev.sluice.kubectl.view.RolloutViews;
import dev.sluice.kubectl.watch.ChangeSignal;
import dev.sluice.kubectl.watch.Deadline;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `get rollout NAME [-w]`: the rollout, its revisions' ReplicaSets and pods, its AnalysisRuns, as a tree. */
@Command(name = "rollout", aliases = {"rollouts", "ro", "sro"}, description = "Show a rollout as a tree: revisions' "
    + "ReplicaSets and pods, AnalysisRuns with their metrics, the Git revert.")
public final class GetRolloutCommand implements Callable<Integer> {
  /** Events usually come in bursts (a ReplicaSet and its pods); wait this long for the rest before redrawing. */
  private static final Duration SETTLE = Duration.ofMillis(100);
  private static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";

  private final Context context;
  @Mixin
  KubeOptions kube;
  @Mixin
  OutputOptions output;
  @Parameters(index = "0", paramLabel = "NAME", description = "The rollout.")
  String name;
  @Option(names = {"-w", "--watch"}, description = "Redraw whenever the rollout or its objects change (Ctrl-C to stop).")
  boolean watch;
  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "0", converter = DurationConverter.class,
      description = "With -w: stop watching after this long (e.g. 30s, 5m; default 0: never).")
  Duration timeout;

  GetRolloutCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    ReadModel.prepareRolloutReads();
    if (!watch) {
      RolloutSnapshot snapshot = DirectSnapshotReader.read(context.kubeOptions(), context.env(), name)
          .orElseGet(() -> SnapshotReader.read(context.cluster(), name));
      context.print(render(snapshot));
      return ExitCodes.OK;
    }
    Cluster cluster = context.cluster();
    ChangeSignal signal = new ChangeSignal();
    try (RolloutInformers informers = RolloutInformers.start(cluster, new Rollouts(cluster).get(name), signal::signal)) {
      Deadline deadline = Deadline.after(timeout);
      String shown = null;
      while (true) {
        Optional<RolloutSnapshot> snapshot = informers.snapshot();
        if (snapshot.isEmpty()) {
          context.warn("error: rollout \"" + name + "\" was deleted");
          return ExitCodes.FAILED;
        }
        String text = render(snapshot.get());
        if (!text.equals(shown)) {
          context.print((context.terminal() && !output.format.structured() ? CLEAR_SCREEN : shown == null ? "" : "\n") + text);
          shown = text;
        }
        if (!signal.await(deadline.remaining()) || deadline.passed()) {
          return ExitCodes.OK;
        }
        Thread.sleep(SETTLE.toMillis());
      }
    }
  }

  private String render(RolloutSnapshot snapshot) {
    RolloutView view = RolloutViews.of(snapshot, context.now());
    if (output.format.structured()) {
      return Documents.write(view, output.format);
    }
    return new TreeRenderer(context.style(), context.glyphs(), context.now()).render(view);
  }
}
