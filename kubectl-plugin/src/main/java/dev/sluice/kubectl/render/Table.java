package dev.sluice.kubectl.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Left-aligned columns separated by three spaces, like kubectl; colour is applied after padding. */
public final class Table {
  private static final String GAP = "   ";
  private final List<String> headers;
  private final List<Cell[]> rows = new ArrayList<>();

  /** One cell: its text and the colour to paint it with (null for none). */
  public record Cell(String text, Style.Color color) {
    public static Cell of(String text) {
      return new Cell(text, null);
    }

    /** A phase or status word, painted with its colour. */
    public static Cell state(String text) {
      return new Cell(text, Style.colorOf(text));
    }
  }

  public Table(String... headers) {
    this.headers = List.of(headers);
  }

  public Table row(Cell... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
    }
    rows.add(cells);
    return this;
  }

  public Table row(String... cells) {
    return row(Arrays.stream(cells).map(Cell::of).toArray(Cell[]::new));
  }

  /** The header line and the rows, each ending in a newline. */
  public String render(Style style) {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (Cell[] row : rows) {
        widths[c] = Math.max(widths[c], text(row[c]).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, headers.stream().map(Cell::of).toArray(Cell[]::new), widths, Style.PLAIN);
    for (Cell[] row : rows) {
      line(out, row, widths, style);
    }
    return out.toString();
  }

  /** The rows alone, padded to the widths the whole table would use (for watch updates). */
  public List<String> renderRows(Style style) {
    String[] lines = render(style).split("\n", -1);
    return List.of(lines).subList(1, lines.length - 1);
  }

  private static void line(StringBuilder out, Cell[] cells, int[] widths, Style style) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < cells.length; c++) {
      String text = text(cells[c]);
      line.append(style.paint(text, cells[c].color()));
      if (c < cells.length - 1) {
        line.append(" ".repeat(widths[c] - text.length())).append(GAP);
      }
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static String text(Cell cell) {
    return cell == null || cell.text() == null ? "" : cell.text();
  }
}
