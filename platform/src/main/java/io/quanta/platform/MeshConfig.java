package io.quanta.platform;

import static java.util.Objects.requireNonNull;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The mesh's settings, from {@code quanta.yaml} in the data folder (all optional):
 *
 * <pre>
 * http:
 *   host: 127.0.0.1          # where quanta up serves the API
 *   port: 8080
 * flight:
 *   port: 31337              # the Arrow Flight SQL port of quanta up
 * kafka:
 *   bootstrap-servers: kafka-1:9092,kafka-2:9092   # an existing cluster; without it,
 *   embedded-port: 9092      # quanta up runs a broker in its JVM on this port
 * </pre>
 *
 * @param httpHost where the HTTP API listens
 * @param httpPort the HTTP API's port
 * @param flightPort the Flight SQL server's port
 * @param kafkaBootstrapServers an existing Kafka cluster, when the mesh uses one
 * @param kafkaEmbeddedPort the embedded broker's port, when it does not
 */
public record MeshConfig(
    String httpHost,
    int httpPort,
    int flightPort,
    Optional<String> kafkaBootstrapServers,
    int kafkaEmbeddedPort) {
  /** The file name under the data folder. */
  public static final String FILE = "quanta.yaml";

  public static final MeshConfig DEFAULTS =
      new MeshConfig("127.0.0.1", 8080, 31337, Optional.empty(), 9092);

  private static final Set<String> KEYS =
      Set.of(
          "http.host",
          "http.port",
          "flight.port",
          "kafka.bootstrap-servers",
          "kafka.embedded-port");

  public MeshConfig {
    requireNonNull(httpHost, "httpHost is null");
    requireNonNull(kafkaBootstrapServers, "kafkaBootstrapServers is null");
  }

  /** The Kafka cluster runs publish to and stream inputs read from by default. */
  public String kafka() {
    return kafkaBootstrapServers.orElse("127.0.0.1:" + kafkaEmbeddedPort);
  }

  /** Whether the mesh uses a Kafka cluster of its own rather than the embedded broker. */
  public boolean externalKafka() {
    return kafkaBootstrapServers.isPresent();
  }

  /**
   * Reads {@code quanta.yaml} from the data folder; the defaults when there is none.
   *
   * @throws QuantaException {@code INVALID_REQUEST} naming the file and the bad setting
   */
  public static MeshConfig load(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      return DEFAULTS;
    }
    Object document;
    try {
      document =
          new Load(LoadSettings.builder().setLabel(file.toString()).build())
              .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    } catch (YamlEngineException e) {
      throw invalid(file, "invalid YAML: " + e.getMessage());
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    if (document != null) {
      if (!(document instanceof Map<?, ?> root)) {
        throw invalid(file, "expected settings like 'kafka: {bootstrap-servers: host:9092}'");
      }
      flatten("", root, settings);
    }
    for (String key : settings.keySet()) {
      if (!KEYS.contains(key)) {
        throw invalid(
            file, "unknown setting '" + key + "'; known settings: " + new TreeSet<>(KEYS));
      }
    }
    return new MeshConfig(
        text(file, settings, "http.host").orElse(DEFAULTS.httpHost()),
        port(file, settings, "http.port").orElse(DEFAULTS.httpPort()),
        port(file, settings, "flight.port").orElse(DEFAULTS.flightPort()),
        text(file, settings, "kafka.bootstrap-servers"),
        port(file, settings, "kafka.embedded-port").orElse(DEFAULTS.kafkaEmbeddedPort()));
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> settings) {
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String key = prefix + entry.getKey();
      if (entry.getValue() instanceof Map<?, ?> nested) {
        flatten(key + ".", nested, settings);
      } else {
        settings.put(key, entry.getValue());
      }
    }
  }

  private static Optional<String> text(Path file, Map<String, Object> settings, String key) {
    Object value = settings.get(key);
    if (value == null) {
      return Optional.empty();
    }
    String text = value.toString().strip();
    if (text.isEmpty()) {
      throw invalid(file, "'" + key + "' is empty");
    }
    return Optional.of(text);
  }

  private static Optional<Integer> port(Path file, Map<String, Object> settings, String key) {
    Object value = settings.get(key);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Number number && number.intValue() >= 0 && number.intValue() <= 65535) {
      return Optional.of(number.intValue());
    }
    throw invalid(file, "'" + key + "' must be a port number between 0 and 65535, got " + value);
  }

  private static QuantaException invalid(Path file, String message) {
    return new QuantaException(ErrorCode.INVALID_REQUEST, file + ": " + message);
  }
}
