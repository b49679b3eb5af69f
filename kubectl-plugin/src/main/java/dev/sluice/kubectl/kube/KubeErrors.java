package dev.sluice.kubectl.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** Turns the client's exceptions into one line a person can act on. */
public final class KubeErrors {
  /** The API server's wording for RBAC denials, e.g. User "x" cannot patch resource "rollouts/status" in API group ... */
  private static final Pattern FORBIDDEN = Pattern.compile(
      "(?<who>\\S+ \"[^\"]*\") cannot (?<verb>\\S+) resource \"(?<resource>[^\"]+)\""
          + "(?: in API group \"(?<group>[^\"]*)\")?(?:(?: in the namespace \"(?<ns>[^\"]*)\")| at the cluster scope)?");

  private KubeErrors() {
  }

  /** A message for a failed API call to server, or empty when the failure did not come from the API. */
  public static Optional<String> describe(Throwable failure, String server) {
    Optional<String> unreachable = unreachable(failure, server);
    if (unreachable.isPresent()) {
      return unreachable;
    }
    if (!(failure instanceof KubernetesClientException e)) {
      return Optional.empty();
    }
    String serverMessage = serverMessage(e);
    return Optional.of(switch (e.getCode()) {
      case 401 -> "unauthorized: the API server at " + server + " rejected the credentials (expired token or certificate?)";
      case 403 -> forbidden(serverMessage, e);
      case 404 -> notFound(e, server);
      case 409 -> "conflict: " + serverMessage;
      case 422 -> "invalid: " + serverMessage;
      default -> e.getCode() > 0 ? "the API server at " + server + " answered " + e.getCode() + ": " + serverMessage
          : "request to " + server + " failed: " + serverMessage;
    });
  }

  static String forbidden(String serverMessage, KubernetesClientException e) {
    Matcher m = FORBIDDEN.matcher(serverMessage);
    if (!m.find()) {
      String resource = e.getResourcePlural() != null ? " (" + e.getResourcePlural() + ")" : "";
      return "forbidden" + resource + ": " + serverMessage;
    }
    String group = m.group("group") == null || m.group("group").isEmpty() ? "" : " in API group \"" + m.group("group") + "\"";
    String where = m.group("ns") != null ? " in namespace \"" + m.group("ns") + "\"" : "";
    return "forbidden: " + m.group("who") + " cannot " + m.group("verb") + " " + m.group("resource") + group + where
        + " (RBAC: allow verb \"" + m.group("verb") + "\" on resource \"" + m.group("resource") + "\")";
  }

  private static String notFound(KubernetesClientException e, String server) {
    if (e.getName() != null && e.getResourcePlural() != null) {
      return singular(e.getResourcePlural()) + " \"" + e.getName() + "\" not found"
          + (e.getNamespace() != null ? " in namespace \"" + e.getNamespace() + "\"" : "");
    }
    if (e.getResourcePlural() != null) {
      String group = e.getGroup() == null || e.getGroup().isEmpty() ? "" : "." + e.getGroup();
      return "the server at " + server + " has no resource type " + e.getResourcePlural() + group
          + (group.equals(".sluice.dev") ? ": are Sluice's CRDs installed?" : "");
    }
    return "not found: " + serverMessage(e);
  }

  private static Optional<String> unreachable(Throwable failure, String server) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String reason = null;
      if (t instanceof HttpConnectTimeoutException) {
        reason = "connection timed out";
      } else if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        reason = t.getMessage() == null || t.getMessage().isBlank() ? "connection refused" : lower(t.getMessage());
      } else if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException) {
        reason = "unknown host";
      } else if (t instanceof HttpTimeoutException || t instanceof InterruptedIOException) {
        reason = "no answer in time";
      } else if (t instanceof SSLException) {
        reason = "TLS failed: " + t.getMessage();
      }
      if (reason != null) {
        return Optional.of("cannot reach the Kubernetes API server at " + server + ": " + reason);
      }
    }
    return Optional.empty();
  }

  private static String serverMessage(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
      return status.getMessage();
    }
    return e.getMessage();
  }

  static String singular(String plural) {
    return plural.endsWith("s") ? plural.substring(0, plural.length() - 1) : plural;
  }

  private static String lower(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }
}
