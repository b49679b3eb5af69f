package dev.sluice.kubectl.render;

import dev.sluice.kubectl.kube.Contract;
import dev.sluice.kubectl.view.RolloutView;
import dev.sluice.kubectl.view.RolloutView.GitRevert;
import dev.sluice.kubectl.view.RolloutView.Manual;
import dev.sluice.kubectl.view.RolloutView.Replicas;
import dev.sluice.kubectl.view.RolloutView.Weights;
import java.util.ArrayList;
import java.util.List;

/** The "Label:  value" block above the tree: what an on-call engineer reads first. */
final class SummaryRenderer {
  private static final int LABEL_WIDTH = 14;

  private SummaryRenderer() {
  }

  static String render(RolloutView v, Style style) {
    StringBuilder out = new StringBuilder();
    line(out, "Name", v.name());
    line(out, "Namespace", v.namespace());
    line(out, "Phase", phase(v, style));
    if (v.message() != null && !v.message().isBlank()) {
      line(out, "Message", v.message());
    }
    line(out, "Strategy", v.strategy() == null ? "-" : v.strategy());
    if (v.steps() != null) {
      line(out, "Step", (v.step() == null ? 0 : v.step()) + "/" + v.steps());
    }
    if (v.weights() != null) {
      line(out, "Weights", weights(v.weights()));
    }
    line(out, "Replicas", replicas(v.replicas()));
    manual(out, v.manual(), style);
    if (v.gitRevert() != null) {
      line(out, "Git revert", gitRevert(v.gitRevert()));
      if (!v.gitRevert().rejectedRevisions().isEmpty()) {
        line(out, "Rejected", String.join(", ", v.gitRevert().rejectedRevisions()) + " (reverted in Git; retry to allow)");
      }
    }
    return out.toString();
  }

  private static String phase(RolloutView v, Style style) {
    String phase = v.phase() == null ? "Unknown" : v.phase();
    String text = style.state(phase);
    if (!v.pauseReasons().isEmpty()) {
      text += " (" + String.join(", ", v.pauseReasons()) + ")";
    }
    if (!v.observed()) {
      text += " " + style.paint("(stale: the controller has not observed the latest spec yet)", Style.Color.YELLOW);
    }
    return text;
  }

  static String weights(Weights w) {
    String verified = w.verified() == null ? "" : Boolean.TRUE.equals(w.verified()) ? " (verified)" : " (not verified)";
    return "canary " + percent(w.canary()) + ", stable " + percent(w.stable()) + verified;
  }

  private static String replicas(Replicas r) {
    return "desired " + r.desired() + ", current " + r.current() + ", updated " + r.updated() + ", ready " + r.ready()
        + ", available " + r.available();
  }

  private static void manual(StringBuilder out, Manual m, Style style) {
    if (m.aborted()) {
      line(out, "Aborted", style.paint("yes", Style.Color.RED) + (m.abortReason() == null ? "" : " (" + m.abortReason() + ")"));
    }
    if (m.promoteFull()) {
      line(out, "Promote full", "requested");
    }
    List<String> pausedBy = new ArrayList<>();
    if (m.pausedBySpec()) {
      pausedBy.add("spec.paused");
    }
    if (m.pausedByAnnotation()) {
      pausedBy.add("annotation " + Contract.PAUSED_ANNOTATION);
    }
    if (!pausedBy.isEmpty()) {
      line(out, "Paused by", String.join(", ", pausedBy));
    }
    if (m.revertRequested()) {
      line(out, "Revert", "Git revert requested (status.revertRequested)");
    }
    if (m.restartedAt() != null) {
      line(out, "Restarted at", m.restartedAt());
    }
  }

  private static String gitRevert(GitRevert g) {
    List<String> parts = new ArrayList<>();
    parts.add((g.phase() == null ? "Unknown" : g.phase()) + (g.reason() == null ? "" : " (" + g.reason() + ")"));
    if (g.commit() != null) {
      parts.add("commit " + g.commit() + (g.branch() == null ? "" : " on " + g.branch()));
    }
    if (g.revision() != null) {
      parts.add("of revision " + g.revision());
    }
    if (g.attempts() != null && g.attempts() > 1) {
      parts.add("after " + g.attempts() + " attempts");
    }
    return String.join(" ", parts) + (g.message() == null || g.message().isBlank() ? "" : ": " + g.message());
  }

  private static String percent(Integer n) {
    return n == null ? "-" : n + "%";
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(String.format("%-" + LABEL_WIDTH + "s", label + ":")).append(value).append('\n');
  }
}
