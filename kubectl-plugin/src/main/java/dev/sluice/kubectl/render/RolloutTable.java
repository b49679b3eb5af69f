package dev.sluice.kubectl.render;

import dev.sluice.kubectl.render.Table.Cell;
import dev.sluice.kubectl.view.RolloutRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** `list rollouts`: NAME, STRATEGY, PHASE, STEP, WEIGHT, DESIRED, CURRENT, UP-TO-DATE, AVAILABLE, AGE (NAMESPACE first with -A). */
public final class RolloutTable {
  private RolloutTable() {
  }

  public static Table of(List<RolloutRow> rows, boolean withNamespace, Instant now) {
    List<String> headers = new ArrayList<>(List.of("NAME", "STRATEGY", "PHASE", "STEP", "WEIGHT", "DESIRED", "CURRENT",
        "UP-TO-DATE", "AVAILABLE", "AGE"));
    if (withNamespace) {
      headers.add(0, "NAMESPACE");
    }
    Table table = new Table(headers.toArray(String[]::new));
    for (RolloutRow r : rows) {
      List<Cell> cells = new ArrayList<>(List.of(Cell.of(r.name()), Cell.of(dash(r.strategy())),
          Cell.state(r.phase() == null ? "Unknown" : r.phase()), Cell.of(dash(r.step())),
          Cell.of(r.weight() == null ? "-" : r.weight().toString()), Cell.of(Integer.toString(r.desired())),
          Cell.of(Integer.toString(r.current())), Cell.of(Integer.toString(r.upToDate())),
          Cell.of(Integer.toString(r.available())), Cell.of(Ages.since(r.created(), now))));
      if (withNamespace) {
        cells.add(0, Cell.of(r.namespace()));
      }
      table.row(cells.toArray(Cell[]::new));
    }
    return table;
  }

  private static String dash(String s) {
    return s == null ? "-" : s;
  }
}
