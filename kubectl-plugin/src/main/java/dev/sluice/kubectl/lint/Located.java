package dev.sluice.kubectl.lint;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where a YAML value sits: the line of its key (or of its "- " for a list item), and its children's places. */
public final class Located {
  final int line;
  final Map<String, Located> fields = new HashMap<>();
  final List<Located> items = new ArrayList<>();

  Located(int line) {
    this.line = line;
  }

  public int line() {
    return line;
  }
}
