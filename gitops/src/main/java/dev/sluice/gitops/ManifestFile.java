package dev.sluice.gitops;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One file under the Rollout's path at one commit: its exact bytes, and its YAML documents when it parses.
 *
 * @param text the content decoded as UTF-8, or null when it is not valid UTF-8 (never edited then)
 * @param documents the YAML documents (empty when the file is not YAML or does not parse)
 * @param parseError why a YAML file did not parse, or null
 */
record ManifestFile(String path, byte[] bytes, String text, List<YamlDocument> documents, String parseError) {

  private static final Set<String> YAML_EXTENSIONS = Set.of("yaml", "yml", "json");
  /** Formats that can carry an image reference without being YAML: a mention there cannot be edited safely. */
  private static final Set<String> OTHER_CONFIG_EXTENSIONS = Set.of("jsonnet", "libsonnet", "cue", "tf", "tfvars",
      "hcl", "env", "properties", "toml", "ini", "conf", "tpl", "gotmpl", "j2", "jinja", "xml");

  static final int MAX_PROBLEM = 200;

  static ManifestFile read(String path, byte[] bytes) {
    String text = decodeUtf8(bytes);
    if (!isYaml(path) || text == null) {
      return new ManifestFile(path, bytes, text, List.of(), isYaml(path) ? "not valid UTF-8" : null);
    }
    try {
      List<YamlDocument> documents = new ArrayList<>();
      int index = 0;
      for (Node root : new Yaml(YamlLimits.loaderOptions()).composeAll(new java.io.StringReader(text))) {
        if (root != null) {
          String exceeded = YamlLimits.exceeded(root, YamlLimits.maxNodes(text.length()));
          if (exceeded != null) {
            return new ManifestFile(path, bytes, text, List.of(), "YAML document " + index + " is not read: " + exceeded);
          }
          documents.add(YamlDocument.of(path, index, root));
        }
        index++;
      }
      return new ManifestFile(path, bytes, text, List.copyOf(documents), null);
    } catch (YAMLException e) {
      String problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      // The repository's content reaches statuses through this text: bounded.
      problem = problem.length() > MAX_PROBLEM ? problem.substring(0, MAX_PROBLEM) + "..." : problem;
      return new ManifestFile(path, bytes, text, List.of(), problem);
    }
  }

  static boolean isYaml(String path) {
    return YAML_EXTENSIONS.contains(extension(path));
  }

  /** A file whose mention of a bad value we cannot interpret: an unparseable YAML file or another config format. */
  boolean isOpaqueConfig() {
    return text != null && (parseError != null || OTHER_CONFIG_EXTENSIONS.contains(extension(path)));
  }

  private static String extension(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
