package dev.sluice.kubectl.render;

import dev.sluice.kubectl.render.Table.Cell;
import dev.sluice.kubectl.view.RolloutView;
import dev.sluice.kubectl.view.RolloutView.AnalysisRunView;
import dev.sluice.kubectl.view.RolloutView.MetricView;
import dev.sluice.kubectl.view.RolloutView.PodView;
import dev.sluice.kubectl.view.RolloutView.Revision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** `get rollout`: a summary of the rollout, then its ReplicaSets, pods and AnalysisRuns as a tree. */
public final class TreeRenderer {
  private final Style style;
  private final Glyphs glyphs;
  private final Instant now;

  public TreeRenderer(Style style, Glyphs glyphs, Instant now) {
    this.style = style;
    this.glyphs = glyphs;
    this.now = now;
  }

  public String render(RolloutView view) {
    return SummaryRenderer.render(view, style) + "\n" + tree(view).render(style);
  }

  /** One line of the tree before it is flattened: the NAME column is prefixed with branches later. */
  private record Node(String name, String kind, String status, String created, String info, List<Node> children) {
  }

  private Table tree(RolloutView view) {
    List<Node> children = new ArrayList<>();
    Set<String> shownHashes = view.revisions().stream().map(Revision::hash).collect(Collectors.toSet());
    for (Revision revision : view.revisions()) {
      List<Node> below = new ArrayList<>();
      revision.pods().forEach(p -> below.add(pod(p)));
      view.analysisRuns().stream().filter(a -> a.revision() != null && a.revision().equals(revision.hash()))
          .forEach(a -> below.add(analysisRun(a)));
      children.add(new Node(revision.replicaSet(), "ReplicaSet", revision.status(), revision.created(), replicaSetInfo(revision), below));
    }
    view.analysisRuns().stream().filter(a -> a.revision() == null || !shownHashes.contains(a.revision()))
        .forEach(a -> children.add(analysisRun(a)));
    String step = view.step() != null && view.steps() != null ? "step " + view.step() + "/" + view.steps() : "";
    Node root = new Node(view.name(), "Rollout", view.phase() == null ? "Unknown" : view.phase(), view.created(), step, children);
    Table table = new Table("NAME", "KIND", "STATUS", "AGE", "INFO");
    add(table, root, "", "");
    return table;
  }

  private void add(Table table, Node node, String branch, String indent) {
    table.row(Cell.of(branch + node.name()), Cell.of(node.kind()), Cell.state(node.status()),
        Cell.of(node.created() == null ? "" : Ages.since(node.created(), now)), Cell.of(node.info()));
    for (int i = 0; i < node.children().size(); i++) {
      boolean last = i == node.children().size() - 1;
      add(table, node.children().get(i), indent + (last ? glyphs.last() : glyphs.branch()),
          indent + (last ? glyphs.blank() : glyphs.pipe()));
    }
  }

  private static String replicaSetInfo(Revision r) {
    List<String> parts = new ArrayList<>(r.roles());
    if (r.hash() != null) {
      parts.add("revision " + r.hash());
    }
    parts.add("ready " + r.ready() + "/" + r.desired());
    parts.add("available " + r.available());
    return String.join(", ", parts);
  }

  private static Node pod(PodView p) {
    String info = "ready " + p.readyContainers() + "/" + p.containers() + (p.available() ? ", available" : "")
        + (p.restarts() > 0 ? ", " + p.restarts() + " restarts" : "");
    return new Node(p.name(), "Pod", p.status(), p.created(), info, List.of());
  }

  private static Node analysisRun(AnalysisRunView a) {
    List<String> info = new ArrayList<>();
    if (a.current()) {
      info.add("current");
    }
    if (a.message() != null && !a.message().isBlank()) {
      info.add(a.message());
    }
    List<Node> metrics = a.metrics().stream().map(TreeRenderer::metric).toList();
    return new Node(a.name(), "AnalysisRun", a.phase(), a.created(), String.join(", ", info), metrics);
  }

  private static Node metric(MetricView m) {
    List<String> info = new ArrayList<>();
    if (!m.lastValues().isEmpty()) {
      info.add("last " + String.join(", ", m.lastValues()));
    }
    List<String> counts = new ArrayList<>();
    counts.add("successful " + m.successful());
    if (m.failed() > 0) {
      counts.add("failed " + m.failed());
    }
    if (m.inconclusive() > 0) {
      counts.add("inconclusive " + m.inconclusive());
    }
    if (m.error() > 0) {
      counts.add("error " + m.error());
    }
    info.add(String.join(" ", counts));
    String text = String.join("; ", info) + (m.message() == null || m.message().isBlank() ? "" : " (" + m.message() + ")");
    return new Node(m.name(), "Metric", m.phase(), null, text, List.of());
  }
}
