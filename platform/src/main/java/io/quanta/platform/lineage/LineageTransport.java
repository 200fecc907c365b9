package io.quanta.platform.lineage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** Sends one OpenLineage event, serialized as JSON. Implementations are thread safe. */
interface LineageTransport {
  /**
   * @throws IOException when the event could not be delivered
   */
  void send(String eventJson) throws IOException;

  static Optional<LineageTransport> of(
      OpenLineageSettings settings, Path dataDir, Function<String, String> environment) {
    return switch (settings.transport()) {
      case NONE -> Optional.empty();
      case FILE -> Optional.of(new FileTransport(dataDir.resolve(settings.file().orElseThrow())));
      case HTTP ->
          Optional.of(
              new HttpTransport(
                  settings.url().orElseThrow(),
                  settings.apiKeyEnv().map(environment).filter(key -> !key.isBlank())));
    };
  }

  /** Appends events to a file, one a line (JSON lines). */
  final class FileTransport implements LineageTransport {
    private final Path file;

    FileTransport(Path file) {
      this.file = file;
    }

    @Override
    public synchronized void send(String eventJson) throws IOException {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(
          file,
          eventJson + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }

    @Override
    public String toString() {
      return file.toString();
    }
  }

  /** Posts events to {@code <url>/api/v1/lineage}, the route of Marquez and the OpenLineage API. */
  final class HttpTransport implements LineageTransport {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final URI endpoint;
    private final Optional<String> apiKey;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    HttpTransport(URI url, Optional<String> apiKey) {
      String base = url.toString();
      this.endpoint =
          URI.create(
              (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                  + "/api/v1/lineage");
      this.apiKey = apiKey;
    }

    @Override
    public void send(String eventJson) throws IOException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(endpoint)
              .timeout(TIMEOUT)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(eventJson, StandardCharsets.UTF_8));
      apiKey.ifPresent(key -> request.header("Authorization", "Bearer " + key));
      HttpResponse<String> response;
      try {
        response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted posting to " + endpoint, e);
      }
      if (response.statusCode() / 100 != 2) {
        throw new IOException(endpoint + " answered HTTP " + response.statusCode());
      }
    }

    @Override
    public String toString() {
      return endpoint.toString();
    }
  }
}
