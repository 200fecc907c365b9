package io.quanta.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.spec.PortId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A consumer of the HTTP events port: one request ({@code GET .../events?after=N&limit=M}) held
 * open while runs commit, read line by line on a thread of its own, noting when each event arrived.
 * Blank lines (keep-alives) are skipped. The limit ends the response after the last event the
 * benchmark waits for, so that the server stops streaming by itself.
 */
final class HttpEventReader implements AutoCloseable {
  private final ObjectMapper mapper = new ObjectMapper();
  private final String url;
  private final InputStream body;
  private final Thread thread;

  /** Guarded by {@code this}: when each event arrived, by offset. */
  private final Map<Long, Instant> arrivals = new HashMap<>();

  /** Guarded by {@code this}. */
  private Throwable failure;

  /** Guarded by {@code this}. */
  private boolean ended;

  private HttpEventReader(String url, InputStream body) {
    this.url = url;
    this.body = body;
    this.thread = new Thread(this::read, "bench-http-events");
    thread.setDaemon(true);
  }

  /**
   * Starts following the port's events after the offset, until {@code limit} events came.
   *
   * @param token the bearer token the request authenticates with
   * @throws IOException if the server does not answer with 200
   */
  static HttpEventReader start(int port, String token, PortId portId, long after, long limit)
      throws IOException, InterruptedException {
    String url =
        "http://127.0.0.1:"
            + port
            + "/api/v1/products/"
            + portId.product().domain()
            + "/"
            + portId.product().name()
            + "/"
            + portId.product().major()
            + "/ports/"
            + portId.port()
            + "/events?after="
            + after
            + "&limit="
            + limit;
    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    HttpResponse<InputStream> response =
        client.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    if (response.statusCode() != 200) {
      String problem = new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
      throw new IOException("GET " + url + " answered " + response.statusCode() + ": " + problem);
    }
    HttpEventReader reader = new HttpEventReader(url, response.body());
    reader.thread.start();
    return reader;
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        Instant at = Instant.now();
        JsonNode event = mapper.readTree(line);
        synchronized (this) {
          arrivals.put(event.get("offset").asLong(), at);
          notifyAll();
        }
      }
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        failure = e;
        notifyAll();
      }
    }
  }

  /**
   * When the event at the offset arrived, waiting for it up to the timeout.
   *
   * @throws IllegalStateException if it does not arrive in time, or the stream failed or ended
   */
  synchronized Instant awaitArrival(long offset, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!arrivals.containsKey(offset)) {
      if (failure != null) {
        throw new IllegalStateException("reading " + url + " failed: " + failure, failure);
      }
      if (ended) {
        throw new IllegalStateException(url + " ended before event " + offset);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new IllegalStateException(
            "event "
                + offset
                + " did not arrive from "
                + url
                + " within "
                + timeout.toSeconds()
                + " s");
      }
      wait(Math.max(1, remaining / 1_000_000));
    }
    return arrivals.get(offset);
  }

  @Override
  public void close() {
    try {
      body.close();
    } catch (IOException e) {
      // the stream is being abandoned
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
