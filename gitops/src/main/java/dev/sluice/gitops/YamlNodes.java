package dev.sluice.gitops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Navigation over composed SnakeYAML nodes, with the same path tokens as {@link FieldPath}. */
final class YamlNodes {

  private YamlNodes() {
  }

  /** The node at {@code path} below {@code root}, or null. */
  static Node lookup(Node root, List<String> path) {
    Node node = root;
    for (String token : path) {
      if (node == null) {
        return null;
      }
      node = child(node, token);
    }
    return node;
  }

  private static Node child(Node node, String token) {
    if (node instanceof MappingNode mapping && !FieldPath.isListToken(token)) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key && key.getValue().equals(token)) {
          return tuple.getValueNode();
        }
      }
      return null;
    }
    if (node instanceof SequenceNode sequence && FieldPath.isListToken(token)) {
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        if (itemToken(items.get(i), i).equals(token)) {
          return items.get(i);
        }
      }
    }
    return null;
  }

  /** {@code [name=x]} for a mapping with a scalar name, else {@code [i]}. */
  static String itemToken(Node item, int index) {
    if (item instanceof MappingNode mapping) {
      ScalarNode name = scalars(mapping).get("name");
      if (name != null) {
        return FieldPath.named(name.getValue());
      }
    }
    return FieldPath.index(index);
  }

  /** The scalar-valued entries of a mapping, by key (first one wins on duplicate keys). */
  static Map<String, ScalarNode> scalars(MappingNode mapping) {
    Map<String, ScalarNode> out = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode key && tuple.getValueNode() instanceof ScalarNode value) {
        out.putIfAbsent(key.getValue(), value);
      }
    }
    return out;
  }

  static String scalarValue(Node root, String key) {
    if (root instanceof MappingNode mapping) {
      ScalarNode value = scalars(mapping).get(key);
      return value == null ? null : value.getValue();
    }
    return null;
  }

  /** Visits every scalar value (not keys) with its path. */
  static void walkScalars(Node root, BiConsumer<FieldPath, ScalarNode> visitor) {
    walk(root, new FieldPath(List.of()), visitor, null);
  }

  /** Visits every mapping with its path. */
  static void walkMappings(Node root, BiConsumer<FieldPath, MappingNode> visitor) {
    walk(root, new FieldPath(List.of()), null, visitor);
  }

  private static void walk(Node node, FieldPath path, BiConsumer<FieldPath, ScalarNode> scalars,
      BiConsumer<FieldPath, MappingNode> mappings) {
    if (node instanceof ScalarNode scalar) {
      if (scalars != null) {
        scalars.accept(path, scalar);
      }
    } else if (node instanceof MappingNode mapping) {
      if (mappings != null) {
        mappings.accept(path, mapping);
      }
      for (NodeTuple tuple : mapping.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key) {
          walk(tuple.getValueNode(), path.child(key.getValue()), scalars, mappings);
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        walk(items.get(i), path.child(itemToken(items.get(i), i)), scalars, mappings);
      }
    }
  }
}
