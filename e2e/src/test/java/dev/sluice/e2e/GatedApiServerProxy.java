package dev.sluice.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback in front of the API server that closes every connection until it is opened: to a client,
 * an API server that is restarting. TLS passes through untouched (the API server's certificate names 127.0.0.1).
 */
final class GatedApiServerProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final InetSocketAddress target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean open;

  GatedApiServerProxy(URI apiServer) throws IOException {
    target = new InetSocketAddress(apiServer.getHost(), apiServer.getPort());
    listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "gated-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A copy of kubeconfig whose server is this proxy. */
  Path kubeconfig(Path kubeconfig, URI apiServer) throws IOException {
    Path copy = Files.createTempFile("gated-kubeconfig", ".yaml");
    copy.toFile().deleteOnExit();
    Files.writeString(copy, Files.readString(kubeconfig)
        .replace(apiServer.toString(), "https://127.0.0.1:" + listener.getLocalPort()));
    return copy;
  }

  /** From now on, connections reach the API server. */
  void open() {
    open = true;
  }

  /** Connections closed while the gate was shut. */
  int refused() {
    return refused.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        if (!open) {
          refused.incrementAndGet();
          client.close();
          continue;
        }
        Socket upstream = new Socket(target.getAddress(), target.getPort());
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (!listener.isClosed()) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread thread = new Thread(() -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // one side closed: the other follows
      } finally {
        close(from);
        close(to);
      }
    }, "gated-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    sockets.forEach(GatedApiServerProxy::close);
  }
}
