package dev.sluice.gitops;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Replacement of one scalar's text in a file, in place: only the characters of the scalar change, keeping its
 * quoting style, so comments, key order, indentation and line endings stay byte for byte.
 *
 * @param start offset (in chars of the decoded text) of the scalar, quotes included
 * @param end offset just after it
 */
record ScalarEdit(String file, int start, int end, String oldRaw, String newRaw) {

  /** Thrown when a scalar cannot be rewritten in place (block scalar, escapes, anchors...). */
  static final class NotEditable extends Exception {
    NotEditable(String message) {
      super(message);
    }
  }

  static ScalarEdit replace(ManifestFile file, ScalarNode node, String newValue) throws NotEditable {
    String where = file.path() + " line " + (node.getStartMark().getLine() + 1);
    if (node.getAnchor() != null) {
      throw new NotEditable(where + " is a YAML anchor that other values may share");
    }
    if (node.getStartMark().getLine() != node.getEndMark().getLine()) {
      throw new NotEditable(where + " is a multi-line scalar");
    }
    String text = file.text();
    int start = text.offsetByCodePoints(0, node.getStartMark().getIndex());
    int end = text.offsetByCodePoints(0, node.getEndMark().getIndex());
    String raw = text.substring(start, end);
    String value = node.getValue();
    String newRaw;
    switch (node.getScalarStyle()) {
      case DOUBLE_QUOTED -> {
        if (!raw.equals('"' + value + '"')) {
          throw new NotEditable(where + " uses escapes in a double-quoted string");
        }
        newRaw = '"' + newValue.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
      }
      case SINGLE_QUOTED -> {
        if (!raw.equals("'" + value + "'")) {
          throw new NotEditable(where + " uses escapes in a single-quoted string");
        }
        newRaw = "'" + newValue.replace("'", "''") + "'";
      }
      case PLAIN -> {
        if (!raw.equals(value)) {
          throw new NotEditable(where + " is not a simple plain scalar");
        }
        newRaw = staysPlain(newValue, node) ? newValue : '"' + newValue.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
      }
      default -> throw new NotEditable(where + " is a block scalar");
    }
    if (newValue.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
      throw new NotEditable(where + ": the stable value contains control characters");
    }
    return new ScalarEdit(file.path(), start, end, raw, newRaw);
  }

  /**
   * Whether {@code value} can be written plain: it reads back as a string, or as the same int or bool as the
   * scalar it replaces (a port stays a number). Floats are always quoted: Helm would render a plain
   * {@code tag: 1.10} as "1.1".
   */
  private static boolean staysPlain(String value, ScalarNode replaced) {
    // Flow indicators would break a scalar inside {...} or [...]; the rest is checked by reading it back.
    if (value.isEmpty() || value.chars().anyMatch(c -> ",[]{}#".indexOf(c) >= 0) || !value.strip().equals(value)) {
      return false;
    }
    try {
      Node doc = new Yaml(new LoaderOptions()).compose(new StringReader("k: " + value + "\n"));
      if (doc instanceof MappingNode mapping && mapping.getValue().size() == 1
          && mapping.getValue().get(0).getValueNode() instanceof ScalarNode parsed) {
        Tag tag = parsed.getTag();
        return parsed.getScalarStyle() == ScalarStyle.PLAIN && parsed.getValue().equals(value)
            && (tag.equals(Tag.STR) || tag.equals(replaced.getTag()) && (tag.equals(Tag.INT) || tag.equals(Tag.BOOL)));
      }
      return false;
    } catch (YAMLException e) {
      return false;
    }
  }

  /** Applies edits to one file's text; edits must not overlap (identical duplicates are allowed). */
  static byte[] apply(ManifestFile file, List<ScalarEdit> edits) {
    List<ScalarEdit> sorted = new ArrayList<>(edits.stream().distinct().toList());
    sorted.sort(Comparator.comparingInt(ScalarEdit::start).reversed());
    StringBuilder text = new StringBuilder(file.text());
    int limit = Integer.MAX_VALUE;
    for (ScalarEdit edit : sorted) {
      if (edit.end > limit) {
        throw new IllegalStateException("overlapping edits in " + file.path());
      }
      if (!text.substring(edit.start, edit.end).equals(edit.oldRaw)) {
        throw new IllegalStateException("edit does not match the text of " + file.path());
      }
      text.replace(edit.start, edit.end, edit.newRaw);
      limit = edit.start;
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  int line(ManifestFile file) {
    return (int) file.text().substring(0, start).chars().filter(c -> c == '\n').count() + 1;
  }
}
