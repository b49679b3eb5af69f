package dev.sluice.operator.gitrevert;

import dev.sluice.gitops.GitCredentials;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Git credentials from a Secret's data: {@code username} + {@code password} (or {@code token}) for HTTPS, or
 * {@code sshPrivateKey} (+ optional {@code sshPassphrase}) + {@code knownHosts} for SSH. Messages name keys, never
 * values.
 */
public final class SecretCredentials {
  public static final String USERNAME = "username";
  public static final String PASSWORD = "password";
  public static final String TOKEN = "token";
  public static final String SSH_PRIVATE_KEY = "sshPrivateKey";
  public static final String SSH_PASSPHRASE = "sshPassphrase";
  public static final String KNOWN_HOSTS = "knownHosts";

  /** The Secret cannot give credentials; the message is safe to show. */
  public static final class Unusable extends Exception {
    Unusable(String message) {
      super(message);
    }
  }

  private SecretCredentials() {
  }

  public static GitCredentials from(Secret secret) throws Unusable {
    String name = secret.getMetadata() == null ? "?" : secret.getMetadata().getName();
    String key = value(secret, SSH_PRIVATE_KEY);
    if (key != null) {
      String knownHosts = value(secret, KNOWN_HOSTS);
      if (knownHosts == null || knownHosts.isBlank()) {
        throw new Unusable("Secret \"" + name + "\" has " + SSH_PRIVATE_KEY + " but no " + KNOWN_HOSTS
            + ": SSH host keys are always verified");
      }
      return GitCredentials.ssh(key, value(secret, SSH_PASSPHRASE), knownHosts);
    }
    String password = value(secret, PASSWORD);
    if (password == null) {
      password = value(secret, TOKEN);
    }
    if (password == null || password.isEmpty()) {
      throw new Unusable("Secret \"" + name + "\" has neither " + PASSWORD + "/" + TOKEN + " nor " + SSH_PRIVATE_KEY);
    }
    return GitCredentials.usernamePassword(value(secret, USERNAME), password);
  }

  private static String value(Secret secret, String key) {
    Map<String, String> data = secret.getData();
    if (data != null && data.get(key) != null) {
      try {
        return new String(Base64.getMimeDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
    Map<String, String> plain = secret.getStringData();
    return plain == null ? null : plain.get(key);
  }
}
