package dev.sluice.kubectl.kube;

import dev.sluice.kubectl.cli.KubeOptions;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.SSLSocketFactory;

/**
 * Where and how to reach the API server without fabric8's client, for the common kubeconfig: one file of only
 * servers, CAs, client certificates, tokens and contexts ({@link KubeconfigFile}), whose context names an https
 * server, a CA (data or file) and a client certificate and key (data or files), a bearer token, or both. Anything else
 * is empty, and the caller goes through fabric8 as before: several kubeconfig files, in-cluster configuration, no CA
 * (the system's authorities), insecure-skip-tls-verify, tls-server-name, a token file, a user name and password, a key
 * of another kind or encrypted, a trust or key store set by system properties, a proxy named in the environment
 * (HTTPS_PROXY, ALL_PROXY), a missing or repeated entry.
 * The fields are read as fabric8's {@code KubeConfigUtils.merge} reads them: data before file, relative paths against
 * the kubeconfig's directory, the namespace from the flag, else the context's, else "default".
 */
record DirectConnection(String server, String namespace, SSLSocketFactory tls, String token) {
  /** kubectl and fabric8 send through a proxy these name; the direct read connects straight, so it steps aside. */
  private static final List<String> PROXY_VARIABLES = List.of("HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy");

  @Override
  public String toString() {
    // never the token
    return "DirectConnection[server=" + server + ", namespace=" + namespace + "]";
  }

  static Optional<DirectConnection> of(KubeOptions options, Map<String, String> env) {
    if (System.getProperty("javax.net.ssl.trustStore") != null || System.getProperty("javax.net.ssl.keyStore") != null
        || PROXY_VARIABLES.stream().anyMatch(name -> !empty(env.get(name)))) {
      return Optional.empty();
    }
    List<Path> files = Kubeconfigs.files(options, env);
    if (files.size() != 1 || !Files.isRegularFile(files.get(0))) {
      return Optional.empty();
    }
    Path file = files.get(0).toAbsolutePath();
    Config config = KubeconfigFile.simple(file);
    if (config == null) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(of(config, file.getParent(), options.context(), options.namespace()));
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static DirectConnection of(Config config, Path dir, String contextName, String namespaceFlag)
      throws IOException, GeneralSecurityException {
    NamedContext context = only(config.getContexts(), NamedContext::getName,
        contextName != null ? contextName : config.getCurrentContext());
    if (context == null || context.getContext() == null) {
      return null;
    }
    NamedCluster namedCluster = only(config.getClusters(), NamedCluster::getName, context.getContext().getCluster());
    NamedAuthInfo namedUser = only(config.getUsers(), NamedAuthInfo::getName, context.getContext().getUser());
    if (namedCluster == null || namedCluster.getCluster() == null || namedUser == null || namedUser.getUser() == null) {
      return null;
    }
    var cluster = namedCluster.getCluster();
    AuthInfo user = namedUser.getUser();
    String server = cluster.getServer();
    if (server == null || !server.startsWith("https://") || Boolean.TRUE.equals(cluster.getInsecureSkipTlsVerify())
        || cluster.getTlsServerName() != null || user.getTokenFile() != null || user.getUsername() != null
        || user.getPassword() != null) {
      return null;
    }
    byte[] ca = dataOrFile(cluster.getCertificateAuthorityData(), cluster.getCertificateAuthority(), dir);
    byte[] certificate = dataOrFile(user.getClientCertificateData(), user.getClientCertificate(), dir);
    byte[] key = dataOrFile(user.getClientKeyData(), user.getClientKey(), dir);
    String token = empty(user.getToken()) ? null : user.getToken();
    if (ca == null || (certificate == null) != (key == null) || certificate == null && token == null) {
      return null;
    }
    String namespace = Kubeconfigs.namespace(namespaceFlag, context.getContext().getNamespace());
    List<X509Certificate> chain = certificate == null ? null : Pem.certificates(certificate);
    PrivateKey privateKey = key == null ? null : Pem.privateKey(key);
    SSLSocketFactory tls = DirectTls.socketFactory(Pem.certificates(ca), chain, privateKey);
    return new DirectConnection(server.endsWith("/") ? server.substring(0, server.length() - 1) : server, namespace,
        tls, token);
  }

  /** The one entry of that name; null when there is none or more than one. */
  private static <T> T only(List<T> entries, Function<T, String> name, String wanted) {
    if (wanted == null || entries == null) {
      return null;
    }
    List<T> named = entries.stream().filter(e -> wanted.equals(name.apply(e))).toList();
    return named.size() == 1 ? named.get(0) : null;
  }

  /** The base64 data when given (as fabric8: data wins), else the file's bytes (relative to the kubeconfig's directory). */
  private static byte[] dataOrFile(String data, String file, Path dir) throws IOException {
    if (!empty(data)) {
      return Base64.getDecoder().decode(data.trim().getBytes(StandardCharsets.US_ASCII));
    }
    if (!empty(file)) {
      return Files.readAllBytes(dir.resolve(file));
    }
    return null;
  }

  private static boolean empty(String value) {
    return value == null || value.isEmpty();
  }
}
