package dev.sluice.kubectl.commands;

import dev.sluice.api.v1alpha1.Rollout;
import dev.sluice.kubectl.cli.Context;
import dev.sluice.kubectl.cli.DurationConverter;
import dev.sluice.kubectl.cli.ExitCodes;
import dev.sluice.kubectl.cli.KubeOptions;
import dev.sluice.kubectl.cli.OutputOptions;
import dev.sluice.kubectl.kube.Cluster;
import dev.sluice.kubectl.kube.Rollouts;
import dev.sluice.kubectl.render.Documents;
import dev.sluice.kubectl.render.RolloutTable;
import dev.sluice.kubectl.render.Table;
import dev.sluice.kubectl.view.RolloutRow;
import dev.sluice.kubectl.watch.Deadline;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `list rollouts [-A] [-w]`: one line per rollout; with -w, a line again whenever one changes (like kubectl get -w). */
@Command(name = "rollouts", aliases = {"rollout", "ro", "sro"}, description = "List rollouts: strategy, phase, step, "
    + "canary weight and replicas.")
public final class ListRolloutsCommand implements Callable<Integer> {
  private static final Comparator<RolloutRow> ORDER = Comparator.comparing(RolloutRow::namespace).thenComparing(RolloutRow::name);

  private final Context context;
  @Mixin
  KubeOptions kube;
  @Mixin
  OutputOptions output;
  @Option(names = {"-A", "--all-namespaces"}, description = "List rollouts of every namespace.")
  boolean allNamespaces;
  @Option(names = {"-w", "--watch"}, description = "After the list, print a rollout's line again whenever it changes.")
  boolean watch;
  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "0", converter = DurationConverter.class,
      description = "With -w: stop watching after this long (default 0: never).")
  Duration timeout;

  ListRolloutsCommand(Context context) {
    this.context = context;
  }

  @Override
  public Integer call() throws InterruptedException {
    Cluster cluster = context.cluster();
    if (!watch) {
      List<RolloutRow> rows = new Rollouts(cluster).list(allNamespaces).stream().map(RolloutRow::of).sorted(ORDER).toList();
      if (output.format.structured()) {
        context.print(Documents.write(rows, output.format));
      } else if (rows.isEmpty()) {
        context.warn("No rollouts found" + (allNamespaces ? "." : " in namespace \"" + cluster.namespace() + "\"."));
      } else {
        context.print(RolloutTable.of(rows, allNamespaces, context.now()).render(context.style()));
      }
      return ExitCodes.OK;
    }
    return watch(cluster);
  }

  /** The table, then a row per change; Deleted as the phase of a deleted rollout. */
  private int watch(Cluster cluster) throws InterruptedException {
    BlockingQueue<RolloutRow> changes = new LinkedBlockingQueue<>();
    var api = new Rollouts(cluster).api();
    try (SharedIndexInformer<Rollout> informer = (allNamespaces ? api.inAnyNamespace() : api.inNamespace(cluster.namespace()))
        .inform(new Rows(changes))) {
      Map<String, RolloutRow> rows = new LinkedHashMap<>();
      informer.getStore().list().stream().map(RolloutRow::of).sorted(ORDER).forEach(r -> rows.put(key(r), r));
      if (output.format.structured()) {
        rows.values().forEach(r -> context.print(Documents.write(r, output.format)));
      } else {
        context.print(RolloutTable.of(new ArrayList<>(rows.values()), allNamespaces, context.now()).render(context.style()));
      }
      Deadline deadline = Deadline.after(timeout);
      while (true) {
        RolloutRow row = deadline.remaining().isZero() ? changes.take()
            : changes.poll(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
        if (row == null || deadline.passed()) {
          return ExitCodes.OK;
        }
        if (!row.equals(rows.get(key(row)))) {
          rows.put(key(row), row);
          printRow(rows, row);
        }
      }
    }
  }

  private void printRow(Map<String, RolloutRow> rows, RolloutRow row) {
    if (output.format.structured()) {
      context.print(Documents.write(row, output.format));
      return;
    }
    List<RolloutRow> all = new ArrayList<>(rows.values());
    List<String> lines = RolloutTable.of(all, allNamespaces, context.now()).renderRows(context.style());
    context.print(lines.get(all.indexOf(row)) + "\n");
  }

  private static String key(RolloutRow row) {
    return row.namespace() + "/" + row.name();
  }

  /** Queues the row of every added, changed or deleted rollout. */
  private record Rows(BlockingQueue<RolloutRow> changes) implements ResourceEventHandler<Rollout> {
    @Override
    public void onAdd(Rollout rollout) {
      changes.add(RolloutRow.of(rollout));
    }

    @Override
    public void onUpdate(Rollout before, Rollout after) {
      changes.add(RolloutRow.of(after));
    }

    @Override
    public void onDelete(Rollout rollout, boolean finalStateUnknown) {
      RolloutRow row = RolloutRow.of(rollout);
      changes.add(new RolloutRow(row.namespace(), row.name(), row.strategy(), "Deleted", row.step(), row.weight(),
          row.desired(), row.current(), row.upToDate(), row.available(), row.created()));
    }
  }
}
