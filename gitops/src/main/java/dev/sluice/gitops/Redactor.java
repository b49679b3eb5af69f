package dev.sluice.gitops;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.URIish;

/**
 * Removes secrets from any text that leaves this library (outcome messages, logs): the password or token, the
 * SSH key and its passphrase, and the user-info part of URLs (JGit puts the remote URL in most exceptions).
 */
final class Redactor {

  private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/@\\s]+@");
  static final String MASK = "***";

  private final List<String> secrets;

  Redactor(GitCredentials credentials, String repoURL) {
    List<String> found = new ArrayList<>();
    if (credentials instanceof GitCredentials.UsernamePassword basic) {
      found.add(basic.password());
    } else if (credentials instanceof GitCredentials.Ssh ssh) {
      found.add(ssh.privateKey().strip());
      ssh.privateKey().lines().map(String::strip).filter(l -> l.length() >= 8 && !l.startsWith("-----"))
          .forEach(found::add);
      if (ssh.passphrase() != null) {
        found.add(ssh.passphrase());
      }
    }
    try {
      String pass = new URIish(repoURL).getPass();
      if (pass != null) {
        found.add(pass);
      }
    } catch (java.net.URISyntaxException e) {
      // Not a URL JGit can use: the transport will fail with InvalidRequest, nothing to learn from it here.
    }
    found.removeIf(s -> s == null || s.isEmpty());
    // Longest first, so that a secret containing another is masked whole.
    found.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(found);
  }

  String redact(String text) {
    if (text == null) {
      return null;
    }
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, MASK);
    }
    return URL_USERINFO.matcher(out).replaceAll("$1" + MASK + "@");
  }

  /** A repository URL fit for messages: no user-info. */
  static String displayURL(String repoURL) {
    return URL_USERINFO.matcher(repoURL).replaceAll("$1");
  }

  /** The message of a throwable and its causes, redacted: JGit wraps the useful part a level or two down. */
  String describe(Throwable error) {
    StringBuilder out = new StringBuilder();
    for (Throwable t = error; t != null && out.length() < 600; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank() && out.indexOf(message) < 0) {
        if (out.length() > 0) {
          out.append(": ");
        }
        out.append(message.strip());
      }
      if (t.getCause() == t) {
        break;
      }
    }
    if (out.length() == 0) {
      out.append(error.getClass().getSimpleName());
    }
    return redact(out.toString());
  }
}
