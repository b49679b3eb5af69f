package dev.sluice.gitops;

import org.yaml.snakeyaml.nodes.Node;

/**
 * One YAML document of a manifest file, classified: a Kubernetes object (apiVersion and kind), a Kustomization,
 * or anything else ("values": Helm values files and other plain data).
 */
record YamlDocument(String file, int index, Node root, Type type, String kind, String name, String namespace) {

  enum Type { Object, Kustomization, Values }

  static YamlDocument of(String file, int index, Node root) {
    String apiVersion = YamlNodes.scalarValue(root, "apiVersion");
    String kind = YamlNodes.scalarValue(root, "kind");
    String fileName = file.substring(file.lastIndexOf('/') + 1);
    boolean kustomizationFile = fileName.equals("kustomization.yaml") || fileName.equals("kustomization.yml")
        || fileName.equals("Kustomization");
    if ("Kustomization".equals(kind) || (kustomizationFile && kind == null)) {
      return new YamlDocument(file, index, root, Type.Kustomization, "Kustomization", null, null);
    }
    if (apiVersion != null && kind != null) {
      Node metadata = YamlNodes.lookup(root, java.util.List.of("metadata"));
      return new YamlDocument(file, index, root, Type.Object, kind,
          metadata == null ? null : YamlNodes.scalarValue(metadata, "name"),
          metadata == null ? null : YamlNodes.scalarValue(metadata, "namespace"));
    }
    return new YamlDocument(file, index, root, Type.Values, null, null, null);
  }

  /** Identity stable across commits that add or remove other documents in the file. */
  String identity() {
    return type == Type.Object ? kind + "/" + (namespace == null ? "" : namespace + "/") + name : "#" + index;
  }

  @Override
  public String toString() {
    return type == Type.Object ? file + " (" + kind + " " + name + ")" : file;
  }
}
