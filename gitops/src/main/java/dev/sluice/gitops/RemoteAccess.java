package dev.sluice.gitops;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Credentials and timeouts for every network operation of one revert. SSH goes through JGit's Apache MINA SSHD
 * transport with a private configuration: known_hosts comes only from the request and unknown or changed host
 * keys are refused (StrictHostKeyChecking yes); ~/.ssh and ssh-agent are never used.
 */
final class RemoteAccess implements AutoCloseable {

  private final CredentialsProvider credentials;
  private final SshdSessionFactory sshSessionFactory;
  private final int timeoutSeconds;

  RemoteAccess(GitCredentials credentials, Duration timeout, Path scratchDir) throws IOException {
    this.timeoutSeconds = (int) Math.max(1, timeout.toSeconds());
    if (credentials instanceof GitCredentials.UsernamePassword basic) {
      this.credentials = new UsernamePasswordCredentialsProvider(basic.username(), basic.password());
      this.sshSessionFactory = null;
    } else if (credentials instanceof GitCredentials.Ssh ssh) {
      this.credentials = null;
      this.sshSessionFactory = sshSessionFactory(ssh, scratchDir);
    } else {
      this.credentials = null;
      this.sshSessionFactory = null;
    }
  }

  private static SshdSessionFactory sshSessionFactory(GitCredentials.Ssh ssh, Path scratchDir) throws IOException {
    Path home = Files.createDirectories(scratchDir.resolve("ssh-home"));
    Path sshDir = Files.createDirectories(home.resolve(".ssh"));
    Path knownHosts = Files.writeString(sshDir.resolve("known_hosts"), ssh.knownHosts());
    Path config = Files.writeString(sshDir.resolve("config"), String.join("\n",
        "Host *",
        "  StrictHostKeyChecking yes",
        "  UserKnownHostsFile " + quote(knownHosts),
        "  GlobalKnownHostsFile none",
        "  PreferredAuthentications publickey",
        "  ConnectTimeout 30",
        ""));
    List<KeyPair> keys = loadKeys(ssh);
    return new SshdSessionFactoryBuilder()
        .setHomeDirectory(home.toFile())
        .setSshDirectory(sshDir.toFile())
        .setConfigFile(dir -> config.toFile())
        .setDefaultKnownHostsFiles(dir -> List.of(knownHosts))
        .setDefaultIdentities(dir -> List.of())
        .setDefaultKeysProvider(dir -> keys)
        .setPreferredAuthentications("publickey")
        .build(new JGitKeyCache());
  }

  private static List<KeyPair> loadKeys(GitCredentials.Ssh ssh) throws IOException {
    FilePasswordProvider passwords = ssh.passphrase() == null
        ? FilePasswordProvider.EMPTY : FilePasswordProvider.of(ssh.passphrase());
    try {
      List<KeyPair> keys = new ArrayList<>();
      Iterable<KeyPair> loaded = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName("sluice-git-key"),
          new ByteArrayInputStream(ssh.privateKey().getBytes(StandardCharsets.UTF_8)), passwords);
      if (loaded != null) {
        loaded.forEach(keys::add);
      }
      if (keys.isEmpty()) {
        throw new IOException("the SSH private key could not be read (no key found)");
      }
      return List.copyOf(keys);
    } catch (GeneralSecurityException | RuntimeException e) {
      // The parser's message may quote key material: never pass it on.
      throw new IOException("the SSH private key could not be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String quote(Path path) {
    return '"' + path.toAbsolutePath().toString() + '"';
  }

  <C extends TransportCommand<C, ?>> C configure(C command) {
    command.setTimeout(timeoutSeconds);
    if (credentials != null) {
      command.setCredentialsProvider(credentials);
    }
    command.setTransportConfigCallback(this::configure);
    return command;
  }

  void configure(Transport transport) {
    transport.setTimeout(timeoutSeconds);
    if (credentials != null) {
      transport.setCredentialsProvider(credentials);
    }
    if (transport instanceof SshTransport ssh) {
      if (sshSessionFactory == null) {
        throw new IllegalStateException("an SSH repository URL needs SSH credentials (private key and known_hosts)");
      }
      ssh.setSshSessionFactory(sshSessionFactory);
    }
  }

  @Override
  public void close() {
    if (sshSessionFactory != null) {
      sshSessionFactory.close();
    }
  }
}
