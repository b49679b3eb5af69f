package dev.sluice.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real SMTP server for tests: aiosmtpd (installed by hack/install-aiosmtpd.sh), speaking STARTTLS with a
 * self-signed certificate made by openssl and requiring it before any mail, delivering each message into a Maildir
 * that {@link #messages()} reads. {@link #withLogin} also requires AUTH with one username and password, as a real
 * relay does (smtp/server.py).
 */
public final class SmtpServer implements AutoCloseable {
  private final Process process;
  private final Path maildir;
  private final int port;
  private final Path authLog;

  /** STARTTLS required; no login. */
  public SmtpServer() {
    this(null, null);
  }

  /** STARTTLS, then a login with these credentials, required before any mail. */
  public static SmtpServer withLogin(String username, String password) {
    return new SmtpServer(username, password);
  }

  private SmtpServer(String username, String password) {
    try {
      Path dir = Files.createTempDirectory("sluice-smtp");
      maildir = dir.resolve("maildir");
      authLog = dir.resolve("auth.log");
      String python = Scripts.lastLine(Scripts.run(RepoPaths.resolve("hack/install-aiosmtpd.sh")));
      Path script = dir.resolve("server.py");
      try (var in = SmtpServer.class.getResourceAsStream("/smtp/server.py")) {
        Files.write(script, in.readAllBytes());
      }
      run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
          "-keyout", dir.resolve("key.pem").toString(), "-out", dir.resolve("cert.pem").toString()));
      try (ServerSocket free = new ServerSocket(0)) {
        port = free.getLocalPort();
      }
      ProcessBuilder builder = new ProcessBuilder(python, script.toString(), String.valueOf(port),
          dir.resolve("cert.pem").toString(), dir.resolve("key.pem").toString(), maildir.toString(), authLog.toString())
          .redirectErrorStream(true).redirectOutput(dir.resolve("aiosmtpd.log").toFile());
      if (username != null) {
        builder.environment().put("SMTP_USERNAME", username);
        builder.environment().put("SMTP_PASSWORD", password);
      }
      process = builder.start();
      awaitListening();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** The login attempts so far, one a line: "ok PLAIN user" or "refused LOGIN user". */
  public List<String> logins() {
    try {
      return Files.exists(authLog) ? Files.readAllLines(authLog) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The raw messages received so far (headers and body), oldest first. */
  public List<String> messages() {
    Path received = maildir.resolve("new");
    if (!Files.isDirectory(received)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(received)) {
      return files.sorted().map(f -> {
        try {
          return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening() {
    Instant until = Instant.now().plus(Duration.ofSeconds(30));
    while (Instant.now().isBefore(until)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("aiosmtpd exited (" + process.exitValue() + ")");
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        sleep();
      }
    }
    throw new IllegalStateException("aiosmtpd did not listen on " + port + " within 30s");
  }

  private static void sleep() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void run(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(command.get(0) + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
