package dev.sluice.kubectl.kube;

import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.Context;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Reads one kubeconfig file into fabric8's model of it, which fabric8 then turns into a client configuration
 * ({@code KubeConfigUtils.merge}: contexts, exec plugins, auth providers, file paths, all as before).
 *
 * <p>fabric8's own parser ({@code KubeConfigUtils.parseConfig}) binds the YAML with Jackson, and building the
 * deserializers of the model's classes costs ~0.15 s of CPU without C2 (part of it, Jackson's first use, is then paid
 * by the first read instead). A kubeconfig is mostly servers,
 * CAs, client certificates and tokens: those fields are copied here from snakeyaml-engine's maps (fabric8's own YAML
 * library, ~0.03 s). A file with anything else (exec, auth-provider, impersonation, extensions, proxy-url, a value
 * of another type, YAML this reader cannot load) is handed to fabric8's parser whole, so nothing is lost.
 */
final class KubeconfigFile {
  /** Where fabric8's parser notes the file each entry came from (relative paths are resolved against it). */
  private static final String CONTEXT_FILE = "KUBERNETES_CONFIG_CONTEXT_FILE_KEY";
  private static final String CLUSTER_FILE = "KUBERNETES_CONFIG_CLUSTER_FILE_KEY";
  private static final String USER_FILE = "KUBERNETES_CONFIG_AUTH_INFO_FILE_KEY";

  private static final Set<String> TOP = Set.of("apiVersion", "kind", "current-context", "clusters", "contexts", "users",
      "preferences");
  private static final Set<String> NAMED_CLUSTER = Set.of("name", "cluster");
  private static final Set<String> CLUSTER = Set.of("server", "certificate-authority", "certificate-authority-data",
      "insecure-skip-tls-verify", "tls-server-name");
  private static final Set<String> NAMED_CONTEXT = Set.of("name", "context");
  private static final Set<String> CONTEXT = Set.of("cluster", "user", "namespace");
  private static final Set<String> NAMED_USER = Set.of("name", "user");
  private static final Set<String> USER = Set.of("client-certificate", "client-certificate-data", "client-key",
      "client-key-data", "token", "tokenFile", "username", "password");

  private KubeconfigFile() {
  }

  /** The model of the file; fabric8's errors for a file it cannot read either. */
  static Config read(Path file) {
    Config simple = simple(file);
    return simple != null ? simple : KubeConfigUtils.parseConfig(file.toFile());
  }

  /** The model of a file that has only the common fields, else null. */
  static Config simple(Path file) {
    try {
      Object root = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
      Config config = config(root);
      File source = file.toFile();
      config.getClusters().forEach(c -> c.getAdditionalProperties().put(CLUSTER_FILE, source));
      config.getContexts().forEach(c -> c.getAdditionalProperties().put(CONTEXT_FILE, source));
      config.getUsers().forEach(u -> u.getAdditionalProperties().put(USER_FILE, source));
      return config;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static Config config(Object root) {
    Map<String, Object> fields = fields(root, TOP);
    Config config = new Config();
    config.setApiVersion(string(fields, "apiVersion"));
    config.setKind(string(fields, "kind"));
    config.setCurrentContext(string(fields, "current-context"));
    Object preferences = fields.get("preferences");
    if (preferences != null && !(preferences instanceof Map<?, ?> map && map.isEmpty())) {
      throw new NotSimple();
    }
    config.setClusters(list(fields.get("clusters"), KubeconfigFile::namedCluster));
    config.setContexts(list(fields.get("contexts"), KubeconfigFile::namedContext));
    config.setUsers(list(fields.get("users"), KubeconfigFile::namedUser));
    return config;
  }

  private static NamedCluster namedCluster(Object node) {
    Map<String, Object> named = fields(node, NAMED_CLUSTER);
    Map<String, Object> fields = fields(named.get("cluster"), CLUSTER);
    Cluster cluster = new Cluster();
    cluster.setServer(string(fields, "server"));
    cluster.setCertificateAuthority(string(fields, "certificate-authority"));
    cluster.setCertificateAuthorityData(string(fields, "certificate-authority-data"));
    cluster.setInsecureSkipTlsVerify(bool(fields, "insecure-skip-tls-verify"));
    cluster.setTlsServerName(string(fields, "tls-server-name"));
    NamedCluster result = new NamedCluster();
    result.setName(string(named, "name"));
    result.setCluster(named.get("cluster") == null ? null : cluster);
    return result;
  }

  private static NamedContext namedContext(Object node) {
    Map<String, Object> named = fields(node, NAMED_CONTEXT);
    Map<String, Object> fields = fields(named.get("context"), CONTEXT);
    Context context = new Context();
    context.setCluster(string(fields, "cluster"));
    context.setUser(string(fields, "user"));
    context.setNamespace(string(fields, "namespace"));
    NamedContext result = new NamedContext();
    result.setName(string(named, "name"));
    result.setContext(named.get("context") == null ? null : context);
    return result;
  }

  private static NamedAuthInfo namedUser(Object node) {
    Map<String, Object> named = fields(node, NAMED_USER);
    Map<String, Object> fields = fields(named.get("user"), USER);
    AuthInfo user = new AuthInfo();
    user.setClientCertificate(string(fields, "client-certificate"));
    user.setClientCertificateData(string(fields, "client-certificate-data"));
    user.setClientKey(string(fields, "client-key"));
    user.setClientKeyData(string(fields, "client-key-data"));
    user.setToken(string(fields, "token"));
    user.setTokenFile(string(fields, "tokenFile"));
    user.setUsername(string(fields, "username"));
    user.setPassword(string(fields, "password"));
    NamedAuthInfo result = new NamedAuthInfo();
    result.setName(string(named, "name"));
    result.setUser(named.get("user") == null ? null : user);
    return result;
  }

  /** A mapping with only the given keys (a missing one is an empty mapping, as in fabric8's model). */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> fields(Object node, Set<String> known) {
    if (node == null) {
      return Map.of();
    }
    if (!(node instanceof Map<?, ?> map) || !known.containsAll(map.keySet())) {
      throw new NotSimple();
    }
    return (Map<String, Object>) map;
  }

  private static <T> List<T> list(Object node, Function<Object, T> item) {
    List<T> items = new ArrayList<>();
    if (node == null) {
      return items;
    }
    if (!(node instanceof List<?> list)) {
      throw new NotSimple();
    }
    list.forEach(element -> items.add(item.apply(element)));
    return items;
  }

  /** A string; YAML that reads as a number, a boolean or a structure is left to fabric8's conversions. */
  private static String string(Map<String, Object> fields, String key) {
    Object value = fields.get(key);
    if (value != null && !(value instanceof String)) {
      throw new NotSimple();
    }
    return (String) value;
  }

  private static Boolean bool(Map<String, Object> fields, String key) {
    Object value = fields.get(key);
    if (value != null && !(value instanceof Boolean)) {
      throw new NotSimple();
    }
    return (Boolean) value;
  }

  /** The file has something this reader leaves to fabric8. */
  private static final class NotSimple extends RuntimeException {
    NotSimple() {
      super(null, null, false, false);
    }
  }
}
