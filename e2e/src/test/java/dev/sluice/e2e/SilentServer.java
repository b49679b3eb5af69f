package dev.sluice.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback address that accepts connections and never answers: the worst Prometheus there is, as a firewall that
 * drops replies or a stuck proxy would look. Holds every connection open until closed.
 */
final class SilentServer implements AutoCloseable {
  private final ServerSocket socket;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  private SilentServer(ServerSocket socket) {
    this.socket = socket;
    this.acceptor = new Thread(this::acceptAll, "silent-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static SilentServer start() {
    try {
      return new SilentServer(new ServerSocket(0, 500, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  /** Connections accepted so far (each one a query waiting for an answer that never comes). */
  int accepted() {
    return accepted.size();
  }

  private void acceptAll() {
    while (!socket.isClosed()) {
      try {
        accepted.add(socket.accept());
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
      for (Socket connection : accepted) {
        connection.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
