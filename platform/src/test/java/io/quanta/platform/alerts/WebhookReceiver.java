package io.quanta.platform.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local HTTP server standing for a team's webhook: records every request and answers with the
 * statuses it is told to, then 200.
 */
final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received, with the status it was answered. */
  record Request(String method, String contentType, String header, JsonNode body, int status) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final Queue<Integer> statuses = new ArrayDeque<>();
  private final String headerName;

  /**
   * @param headerName a request header to record besides the content type
   */
  WebhookReceiver(String headerName) {
    this.headerName = headerName;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/hooks/quanta", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/quanta");
  }

  /** The next requests are answered with these statuses, in order; later ones with 200. */
  synchronized void answer(Integer... next) {
    statuses.addAll(List.of(next));
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The bodies of the requests answered 2xx: what the team received. */
  List<JsonNode> received() {
    return requests.stream()
        .filter(request -> request.status() / 100 == 2)
        .map(Request::body)
        .toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    int status;
    synchronized (this) {
      status = statuses.isEmpty() ? 200 : statuses.remove();
    }
    requests.add(
        new Request(
            exchange.getRequestMethod(),
            exchange.getRequestHeaders().getFirst("Content-Type"),
            exchange.getRequestHeaders().getFirst(headerName),
            JSON.readTree(exchange.getRequestBody()),
            status));
    exchange.sendResponseHeaders(status, -1);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
