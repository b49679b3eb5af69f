package dev.sluice.gitops;

import java.util.Objects;

/**
 * Credentials already read from the Rollout's Secret by the caller. The {@code toString} of every variant hides
 * the secret parts, so a credential can be logged or put in an exception by mistake without leaking.
 */
public sealed interface GitCredentials {

  /** Anonymous access (public repository, or a file/loopback remote in tests). */
  record Anonymous() implements GitCredentials {
  }

  /** HTTP(S) basic authentication: a username and a password or access token. */
  record UsernamePassword(String username, String password) implements GitCredentials {
    public UsernamePassword {
      Objects.requireNonNull(password, "password");
      // Token-only secrets are common; Git servers that take tokens accept any non-empty username.
      username = username == null || username.isBlank() ? "git" : username;
    }

    @Override
    public String toString() {
      return "UsernamePassword[username=" + username + ", password=***]";
    }
  }

  /**
   * SSH public-key authentication. {@code knownHosts} is the content of an OpenSSH known_hosts file: the server's
   * host key must be listed there, there is no accept-all mode.
   */
  record Ssh(String privateKey, String passphrase, String knownHosts) implements GitCredentials {
    public Ssh {
      Objects.requireNonNull(privateKey, "privateKey");
      if (knownHosts == null || knownHosts.isBlank()) {
        throw new IllegalArgumentException("SSH needs known_hosts content: host keys are always verified");
      }
    }

    @Override
    public String toString() {
      return "Ssh[privateKey=***, passphrase=" + (passphrase == null ? "none" : "***") + ", knownHosts="
          + knownHosts.lines().count() + " lines]";
    }
  }

  static GitCredentials anonymous() {
    return new Anonymous();
  }

  static GitCredentials usernamePassword(String username, String password) {
    return new UsernamePassword(username, password);
  }

  static GitCredentials ssh(String privateKey, String passphrase, String knownHosts) {
    return new Ssh(privateKey, passphrase, knownHosts);
  }
}
