package dev.sluice.gitops;

import dev.sluice.gitops.Occurrence.Ownership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds where a snapshot of the Rollout's manifests asks for a changed value, in the forms GitOps repositories
 * use: the Rollout manifest itself (any document of any file), a Kustomize {@code images:} entry, a Helm values
 * file (whole image string, or repository/tag/digest split across keys, or another value at a matching key).
 */
final class ValueLocator {

  /** Where a pod template sits in the workload kinds that have one. */
  private static final List<List<String>> POD_TEMPLATE_PREFIXES = List.of(
      List.of("spec", "template"), List.of("spec", "jobTemplate", "spec", "template"), List.of("template"));
  private static final List<String> REPOSITORY_KEYS = List.of("repository", "repo", "image", "name");

  private final String rolloutNamespace;
  private final String rolloutName;

  ValueLocator(String rolloutNamespace, String rolloutName) {
    this.rolloutNamespace = rolloutNamespace;
    this.rolloutName = rolloutName;
  }

  /** Where {@code snapshot} asks for {@code change.bad()}; edits set {@code change.stable()}. */
  Findings locate(ManifestSnapshot snapshot, ValueChange change) {
    Objects.requireNonNull(change.bad(), "locate needs a bad value");
    List<Occurrence> occurrences = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (ManifestFile file : snapshot.files()) {
      if (change.isImage() && file.isOpaqueConfig() && file.text().contains(change.bad())) {
        problems.add(file.path() + " mentions " + change.bad() + " but "
            + (file.parseError() != null ? "cannot be read as YAML (" + file.parseError() + ")" : "is not a YAML file") + ": cannot tell what it configures");
      }
      List<Candidate> indirect = new ArrayList<>();
      for (YamlDocument doc : file.documents()) {
        switch (doc.type()) {
          case Object -> {
            if (isThisRollout(doc)) {
              direct(file, doc, change, occurrences);
            } else {
              foreign(file, doc, change, occurrences);
            }
          }
          case Kustomization -> {
            if (change.isImage()) {
              kustomizeImages(file, doc, change, indirect);
            }
          }
          case Values -> {
            if (change.isImage()) {
              valuesImages(file, doc, change, indirect);
            } else {
              valuesScalars(file, doc, change, indirect);
            }
          }
        }
      }
      int best = indirect.stream().mapToInt(Candidate::score).max().orElse(0);
      List<Occurrence> chosen = indirect.stream().filter(c -> c.score == best).map(Candidate::occurrence).toList();
      if (chosen.size() > 1) {
        problems.add(change.bad() + " is set at " + chosen.size() + " places in " + file.path() + " ("
            + String.join(", ", chosen.stream().map(o -> o.location().substring(o.location().indexOf(':') + 1)).toList())
            + "): cannot tell which one is this Rollout's");
      }
      occurrences.addAll(chosen);
    }
    List<Occurrence> foreign = occurrences.stream().filter(o -> o.ownership() == Ownership.Foreign).toList();
    boolean indirect = occurrences.stream().anyMatch(o -> o.ownership() == Ownership.Indirect);
    if (indirect && !foreign.isEmpty()) {
      problems.add(change.bad() + " is set in shared configuration (Kustomize images or values) and also used by "
          + foreign.get(0).location().substring(0, foreign.get(0).location().indexOf(':'))
          + ": reverting it would change other objects too");
    }
    return new Findings(change, occurrences, problems);
  }

  private boolean isThisRollout(YamlDocument doc) {
    return "Rollout".equals(doc.kind()) && rolloutName.equals(doc.name())
        && (doc.namespace() == null || doc.namespace().equals(rolloutNamespace));
  }

  private void direct(ManifestFile file, YamlDocument doc, ValueChange change, List<Occurrence> out) {
    List<String> path = new ArrayList<>(List.of("spec", "template"));
    path.addAll(change.field().tokens());
    if (YamlNodes.lookup(doc.root(), path) instanceof ScalarNode scalar && scalar.getValue().equals(change.bad())) {
      out.add(occurrence(file, doc, new FieldPath(path), change, Ownership.Direct, Map.of("value", scalar),
          Map.of("value", change.stable() == null ? "" : change.stable()), change.stable() == null
              ? "the stable template has no " + change.field() + ": a line would have to be removed" : null));
    }
  }

  private void foreign(ManifestFile file, YamlDocument doc, ValueChange change, List<Occurrence> out) {
    if (change.isImage()) {
      YamlNodes.walkScalars(doc.root(), (path, scalar) -> {
        if (scalar.getValue().equals(change.bad())) {
          out.add(new Occurrence(change, location(file, doc, path), Ownership.Foreign, file.path(), List.of(), null));
        }
      });
      return;
    }
    for (List<String> prefix : POD_TEMPLATE_PREFIXES) {
      List<String> path = new ArrayList<>(prefix);
      path.addAll(change.field().tokens());
      if (YamlNodes.lookup(doc.root(), path) instanceof ScalarNode scalar && scalar.getValue().equals(change.bad())) {
        out.add(new Occurrence(change, location(file, doc, new FieldPath(path)), Ownership.Foreign, file.path(),
            List.of(), null));
      }
    }
  }

  /** {@code images: [{name, newName, newTag, digest}]}: the image is newName (or name) with newTag or digest. */
  private void kustomizeImages(ManifestFile file, YamlDocument doc, ValueChange change, List<Candidate> out) {
    if (!(YamlNodes.lookup(doc.root(), List.of("images")) instanceof SequenceNode images)) {
      return;
    }
    ImageRef bad = ImageRef.parse(change.bad());
    for (int i = 0; i < images.getValue().size(); i++) {
      if (!(images.getValue().get(i) instanceof MappingNode entry)) {
        continue;
      }
      Map<String, ScalarNode> keys = YamlNodes.scalars(entry);
      ScalarNode name = keys.get("name");
      ScalarNode newName = keys.get("newName");
      String repository = newName != null ? newName.getValue() : name == null ? null : name.getValue();
      if (!bad.repository().equals(repository)) {
        continue;
      }
      Map<String, ScalarNode> held = new LinkedHashMap<>();
      if (newName != null) {
        held.put("repository", newName);
      }
      putIfPresent(held, "tag", keys.get("newTag"));
      putIfPresent(held, "digest", keys.get("digest"));
      FieldPath path = FieldPath.of("images", YamlNodes.itemToken(entry, i));
      splitImage(file, doc, path, change, held, false, out);
    }
  }

  private void valuesImages(ManifestFile file, YamlDocument doc, ValueChange change, List<Candidate> out) {
    YamlNodes.walkScalars(doc.root(), (path, scalar) -> {
      if (scalar.getValue().equals(change.bad())) {
        out.add(new Candidate(occurrence(file, doc, path, change, Ownership.Indirect, Map.of("image", scalar),
            Map.of("image", change.stable() == null ? "" : change.stable()),
            change.stable() == null ? "the stable template has no " + change.field() : null), 1));
      }
    });
    ImageRef bad = ImageRef.parse(change.bad());
    YamlNodes.walkMappings(doc.root(), (path, mapping) -> {
      Map<String, ScalarNode> keys = YamlNodes.scalars(mapping);
      if (!keys.containsKey("tag") && !keys.containsKey("digest")) {
        return;
      }
      Map<String, ScalarNode> held = new LinkedHashMap<>();
      String repositoryKey = REPOSITORY_KEYS.stream().filter(keys::containsKey).findFirst().orElse(null);
      ScalarNode registry = keys.get("registry");
      boolean registrySplit = false;
      if (repositoryKey != null) {
        String repository = (registry == null ? "" : registry.getValue() + "/") + keys.get(repositoryKey).getValue();
        if (!repository.equals(bad.repository())) {
          return;
        }
        held.put("repository", keys.get(repositoryKey));
        registrySplit = registry != null;
      } else if (path.size() == 0 || !path.last().toLowerCase(Locale.ROOT).contains("image")) {
        return; // a bare "tag:" that is not under an image key could configure anything
      }
      putIfPresent(held, "tag", keys.get("tag"));
      putIfPresent(held, "digest", keys.get("digest"));
      splitImage(file, doc, path, change, held, registrySplit, out);
    });
  }

  /**
   * An image split across keys asks for the bad image when every part it sets equals the bad image's and one of
   * them is a part that changed.
   */
  private void splitImage(ManifestFile file, YamlDocument doc, FieldPath path, ValueChange change,
      Map<String, ScalarNode> held, boolean registrySplit, List<Candidate> out) {
    ImageRef bad = ImageRef.parse(change.bad());
    ImageRef stable = change.stable() == null ? null : ImageRef.parse(change.stable());
    Map<String, String> badParts = parts(bad);
    for (Map.Entry<String, ScalarNode> part : held.entrySet()) {
      if (!part.getValue().getValue().equals(badParts.get(part.getKey()))) {
        return;
      }
    }
    Map<String, String> stableParts = stable == null ? Map.of() : parts(stable);
    List<String> changed = badParts.keySet().stream()
        .filter(k -> !Objects.equals(badParts.get(k), stableParts.get(k))).toList();
    if (changed.stream().noneMatch(held::containsKey)) {
      return;
    }
    Map<String, ScalarNode> nodes = new LinkedHashMap<>();
    Map<String, String> values = new LinkedHashMap<>();
    String notEditable = null;
    for (String part : changed) {
      if (stable == null || stableParts.get(part) == null) {
        notEditable = "the stable image " + (stable == null ? "is absent" : stable + " has no " + part)
            + ": a line would have to be removed";
      } else if (!held.containsKey(part)) {
        notEditable = "the image " + part + " changes too, but " + file.path() + " does not set it at " + path;
      } else if (part.equals("repository") && registrySplit) {
        notEditable = "the image repository changes, and " + file.path() + " splits it into registry and repository";
      } else {
        nodes.put(part, held.get(part));
        values.put(part, stableParts.get(part));
      }
    }
    out.add(new Candidate(occurrence(file, doc, path, change, Ownership.Indirect, nodes, values, notEditable), 1));
  }

  /** Other values in values files: at a key path that ends like the pod template field (at least two keys). */
  private void valuesScalars(ManifestFile file, YamlDocument doc, ValueChange change, List<Candidate> out) {
    FieldPath field = change.field();
    String envName = field.size() >= 2 && field.last().equals("value")
        ? FieldPath.nameOf(field.tokens().get(field.size() - 2)) : null;
    int required = Math.min(2, field.size());
    YamlNodes.walkScalars(doc.root(), (path, scalar) -> {
      if (!scalar.getValue().equals(change.bad())) {
        return;
      }
      int score = path.commonSuffixLength(field);
      if (envName != null && path.size() > 0 && path.last().equals(envName)) {
        score = Math.max(score, 2); // env as a map: {LOG_LEVEL: debug}
      }
      if (score >= required) {
        out.add(new Candidate(occurrence(file, doc, path, change, Ownership.Indirect, Map.of("value", scalar),
            Map.of("value", change.stable() == null ? "" : change.stable()),
            change.stable() == null ? "the stable template has no " + field + ": a line would have to be removed"
                : null), score));
      }
    });
  }

  private Occurrence occurrence(ManifestFile file, YamlDocument doc, FieldPath path, ValueChange change,
      Ownership ownership, Map<String, ScalarNode> nodes, Map<String, String> newValues, String notEditable) {
    List<ScalarEdit> edits = new ArrayList<>();
    if (notEditable == null) {
      try {
        for (Map.Entry<String, ScalarNode> node : nodes.entrySet()) {
          edits.add(ScalarEdit.replace(file, node.getValue(), newValues.get(node.getKey())));
        }
      } catch (ScalarEdit.NotEditable e) {
        notEditable = e.getMessage();
        edits.clear();
      }
    }
    if (notEditable != null) {
      edits.clear();
    }
    return new Occurrence(change, location(file, doc, path), ownership, file.path(), edits, notEditable);
  }

  private static String location(ManifestFile file, YamlDocument doc, FieldPath path) {
    return file.path() + " " + doc.identity() + ":" + path;
  }

  private static Map<String, String> parts(ImageRef image) {
    Map<String, String> parts = new LinkedHashMap<>();
    parts.put("repository", image.repository());
    parts.put("tag", image.tag());
    parts.put("digest", image.digest());
    return parts;
  }

  private static void putIfPresent(Map<String, ScalarNode> map, String key, ScalarNode node) {
    if (node != null) {
      map.put(key, node);
    }
  }

  private record Candidate(Occurrence occurrence, int score) {
  }
}
