package dev.sluice.gitops;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Bounds on the YAML read from a GitOps repository, which anybody with write access to it controls. SnakeYAML
 * composes aliases as shared nodes, so a few hundred bytes of nested aliases (16 levels of 3, under its limit of
 * 50 aliases) expand to 3^16 nodes in any walk over them: the revert would spin for minutes. A document is walked
 * only if its expansion stays within {@link #maxNodes} and {@link #MAX_DEPTH}; otherwise the file counts as
 * unreadable YAML (and a release found in it is not identified: nothing is changed).
 */
final class YamlLimits {

  /** Expanded nodes allowed beyond the file's length in characters (without aliases a node takes at least one). */
  static final int EXTRA_NODES = 10_000;
  /** Nesting of the expanded tree; a self-referencing alias ({@code &a [*a]}) is cut here. */
  static final int MAX_DEPTH = 100;
  static final int MAX_ALIASES = 50;

  private YamlLimits() {
  }

  static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setAllowRecursiveKeys(false);
    return options;
  }

  /** Nodes a document of a file of {@code chars} characters may expand to. */
  static long maxNodes(int chars) {
    return (long) chars + EXTRA_NODES;
  }

  /** Why root may not be walked (too many expanded nodes, too deep), or null when it may. */
  static String exceeded(Node root, long maxNodes) {
    long[] budget = {maxNodes};
    return visit(root, 0, budget) ? null
        : budget[0] < 0 ? "its aliases expand to more than " + maxNodes + " nodes"
        : "its aliases nest deeper than " + MAX_DEPTH + " levels";
  }

  /** False as soon as the budget is spent or the depth exceeded; visits each expanded node once. */
  private static boolean visit(Node node, int depth, long[] budget) {
    if (--budget[0] < 0 || depth > MAX_DEPTH) {
      return false;
    }
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (!visit(tuple.getKeyNode(), depth + 1, budget) || !visit(tuple.getValueNode(), depth + 1, budget)) {
          return false;
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        if (!visit(item, depth + 1, budget)) {
          return false;
        }
      }
    }
    return true;
  }
}
