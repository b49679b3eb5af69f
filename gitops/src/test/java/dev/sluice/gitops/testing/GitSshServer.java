package dev.sluice.gitops.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A Git-over-SSH server for tests (Apache MINA SSHD, public-key authentication only) that serves the bare
 * repositories under {@code root} with JGit's upload-pack and receive-pack, on a free loopback port.
 */
public final class GitSshServer implements AutoCloseable {

  private final SshServer server;
  private final KeyPair hostKey;
  private final AtomicInteger authenticated = new AtomicInteger();

  private GitSshServer(Path root, PublicKey authorizedKey) throws IOException, GeneralSecurityException {
    this.hostKey = newKeyPair();
    this.server = SshServer.setUpDefaultServer();
    server.setHost("127.0.0.1");
    server.setPort(0);
    server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
    server.setPasswordAuthenticator(null);
    server.setKeyboardInteractiveAuthenticator(null);
    server.setPublickeyAuthenticator((username, key, session) -> {
      boolean ok = KeyUtils.compareKeys(authorizedKey, key);
      if (ok) {
        authenticated.incrementAndGet();
      }
      return ok;
    });
    server.setCommandFactory((channel, command) -> new GitCommand(root, command));
    server.start();
  }

  /** Starts a server accepting only {@code authorizedKey}. */
  public static GitSshServer start(Path root, PublicKey authorizedKey) {
    try {
      return new GitSshServer(root, authorizedKey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A fresh ECDSA P-256 key pair. */
  public static KeyPair newKeyPair() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    return generator.generateKeyPair();
  }

  /** The private key in OpenSSH format, as stored in a Kubernetes Secret. */
  public static String openSshPrivateKey(KeyPair keyPair) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(keyPair, "sluice-test", null, out);
      return out.toString(StandardCharsets.US_ASCII);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public String url(String name) {
    return "ssh://git@127.0.0.1:" + server.getPort() + "/" + name;
  }

  /** The known_hosts line for this server's host key. */
  public String knownHostsLine() {
    return knownHostsLine(hostKey.getPublic());
  }

  /** A known_hosts line claiming {@code key} for this server's address (to test a mismatch). */
  public String knownHostsLine(PublicKey key) {
    return "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(key) + "\n";
  }

  public int successfulAuthentications() {
    return authenticated.get();
  }

  @Override
  public void close() {
    try {
      server.stop(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs {@code git-upload-pack '/name'} or {@code git-receive-pack '/name'} with JGit. */
  private static final class GitCommand implements Command {
    private final Path root;
    private final String command;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    GitCommand(Path root, String command) {
      this.root = root;
      this.command = command;
    }

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback exit) {
      this.exit = exit;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      Thread thread = new Thread(this::run, "git-ssh-test-server");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      String[] parts = command.split(" ", 2);
      String name = parts.length < 2 ? "" : parts[1].replace("'", "").replaceFirst("^/", "");
      Path directory = root.resolve(name).normalize();
      if (!directory.startsWith(root)) {
        exit.onExit(1, "outside the served root");
        return;
      }
      try (Repository repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setMustExist(true).build()) {
        switch (parts[0]) {
          case "git-upload-pack" -> new UploadPack(repository).upload(in, out, err);
          case "git-receive-pack" -> new ReceivePack(repository).receive(in, out, err);
          default -> {
            exit.onExit(127, "unknown command " + parts[0]);
            return;
          }
        }
        out.flush();
        exit.onExit(0);
      } catch (IOException | RuntimeException e) {
        exit.onExit(1, String.valueOf(e.getMessage()));
      }
    }

    @Override
    public void destroy(ChannelSession channel) {
    }
  }
}
