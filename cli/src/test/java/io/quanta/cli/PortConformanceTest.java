package io.quanta.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.engine.ResultColumn;
import io.quanta.events.EmbeddedKafka;
import io.quanta.events.EventPublisher;
import io.quanta.flight.FlightSqlServer;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.auth.TokenService;
import io.quanta.platform.events.Event;
import io.quanta.ports.files.FileFormat;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.ports.sql.ResultSink;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One port read through every output mode, for the same as-of time and event-time window: SQL,
 * files (Parquet, CSV, JSON), REST pages, Flight SQL through its JDBC driver, and, for its history,
 * events over HTTP and Kafka. Every mode must return the same rows. The port has a correction, so
 * its latest state and its history differ.
 */
class PortConformanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProductId CATALOG = ProductId.of("podcasts", "podcast-catalog", 1);
  private static final PortId PORT = CATALOG.port("podcasts");
  private static final String PATH = "/api/v1/products/podcasts/podcast-catalog/1/ports/podcasts";

  @TempDir static Path temp;
  private static Mesh mesh;
  private static ApiServer api;
  private static EmbeddedKafka kafka;
  private static EventPublisher publisher;
  private static FlightSqlServer flight;
  private static Instant firstRun;

  /** Every mode reads as the same user: SQL and files directly, the others with its token. */
  private static final Reader READER = Reader.of(Principal.user("conformance"));

  private static String token;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void meshWithACorrection() throws Exception {
    Path specs = copySpecs();
    mesh = Mesh.open(temp.resolve("quanta"));
    mesh.lifecycle().deployFiles(List.of(specs.resolve("podcast-catalog.yaml")));
    firstRun = mesh.runs().run(CATALOG, "test").processedAt().orElseThrow();
    Files.writeString(
        specs.resolve("data/podcasts.csv"),
        "podcast_id,title,released,episodes\n"
            + "p1,Data Mesh Radio,2026-01-10,12\n"
            + "p2,The Data Pipeline,2026-03-01,30\n"
            + "p3,Lakehouse Weekly,2026-06-15,8\n");
    mesh.runs().run(CATALOG, "test");
    token =
        new TokenService(mesh.registry().tokens(), Clock.systemUTC())
            .create(READER.principal(), "conformance test", Optional.empty())
            .token();
    api = ApiServer.start(mesh, "127.0.0.1", 0);
    kafka = EmbeddedKafka.start(temp.resolve("kafka"), 0);
    publisher = EventPublisher.start(mesh, kafka.bootstrapServers());
    publisher.publishPending();
    flight = FlightSqlServer.start(mesh, "127.0.0.1", 0);
  }

  @AfterAll
  static void close() {
    flight.close();
    publisher.close();
    kafka.close();
    api.close();
    mesh.close();
  }

  @Test
  void everyModeReturnsTheLatestStateInAWindow() throws Exception {
    ReadOptions window =
        new ReadOptions(
            Optional.empty(),
            false,
            Optional.empty(),
            Optional.of(Instant.parse("2026-02-01T00:00:00Z")),
            Optional.of(Instant.parse("2026-12-01T00:00:00Z")));
    assertSameRowsInEveryMode(window, "from=2026-02-01&to=2026-12-01");
  }

  @Test
  void everyModeReturnsTheStateAsOfTheFirstRun() throws Exception {
    ReadOptions asOf = ReadOptions.LATEST.withAsOf(firstRun);
    assertSameRowsInEveryMode(asOf, "asOf=" + firstRun);
  }

  @Test
  void everyModeReturnsTheHistoryAndTheEventsAreIt() throws Exception {
    ReadOptions history =
        new ReadOptions(
            Optional.empty(), true, Optional.empty(), Optional.empty(), Optional.empty());
    List<String> sql = assertSameRowsInEveryMode(history, "history=true");
    assertThat(sql).hasSize(4); // p1, p2, p2 corrected, p3

    List<String> overHttp = new ArrayList<>();
    for (String line : get(PATH + "/events?follow=false").split("\n")) {
      if (!line.isBlank()) {
        overHttp.add(canonical(eventRow(JSON.readTree(line))));
      }
    }
    List<String> overKafka = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : kafkaRecords()) {
      overKafka.add(canonical(eventRow(JSON.readTree(record.value()))));
    }
    assertThat(sorted(overHttp)).as("events over HTTP").isEqualTo(sql);
    assertThat(sorted(overKafka)).as("events over Kafka").isEqualTo(sql);
  }

  /** Reads the port through SQL, files, and REST with the options, asserts equality, returns it. */
  private List<String> assertSameRowsInEveryMode(ReadOptions options, String parameters)
      throws Exception {
    List<String> sql = sorted(sqlRows(options));
    assertThat(sql).isNotEmpty();
    for (FileFormat format : FileFormat.values()) {
      Path file = temp.resolve("export-" + System.nanoTime() + "." + format.extension());
      mesh.files().export(READER, PORT, options, format, file);
      assertThat(sorted(fileRows(file, format))).as("files as %s", format).isEqualTo(sql);
      String name = format == FileFormat.JSON ? "json" : format.extension();
      Path downloaded = temp.resolve("download-" + System.nanoTime() + "." + format.extension());
      HTTP.send(
          HttpRequest.newBuilder(uri(PATH + "/files?format=" + name + "&" + parameters))
              .header("Authorization", "Bearer " + token)
              .build(),
          HttpResponse.BodyHandlers.ofFile(downloaded));
      assertThat(sorted(fileRows(downloaded, format)))
          .as("files over HTTP as %s", format)
          .isEqualTo(sql);
    }
    assertThat(sorted(restRows(parameters))).as("REST pages").isEqualTo(sql);
    assertThat(sorted(flightRows(parameters))).as("Flight SQL").isEqualTo(sql);
    return sql;
  }

  private static List<String> sqlRows(ReadOptions options) {
    List<String> rows = new ArrayList<>();
    List<String> names = new ArrayList<>();
    mesh.queries()
        .query(
            READER,
            "SELECT * FROM podcasts.podcast_catalog.podcasts",
            options,
            new ResultSink() {
              @Override
              public void columns(List<ResultColumn> columns) {
                columns.forEach(column -> names.add(column.name()));
              }

              @Override
              public boolean row(List<Object> values) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int i = 0; i < names.size(); i++) {
                  row.put(names.get(i), values.get(i));
                }
                rows.add(canonical(row));
                return true;
              }
            });
    return rows;
  }

  private static List<String> fileRows(Path file, FileFormat format) throws Exception {
    String scan =
        switch (format) {
          case PARQUET -> "read_parquet('" + file + "')";
          case CSV -> "read_csv('" + file + "', all_varchar = true)";
          case JSON -> "read_json('" + file + "', format = 'newline_delimited')";
        };
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      try (ResultSet result = statement.executeQuery("SELECT * FROM " + scan)) {
        ResultSetMetaData metadata = result.getMetaData();
        while (result.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= metadata.getColumnCount(); i++) {
            row.put(
                metadata.getColumnLabel(i),
                io.quanta.ports.sql.Values.normalize(result.getObject(i)));
          }
          rows.add(canonical(row));
        }
      }
    }
    return rows;
  }

  /** The rows over the Flight SQL JDBC driver, with the read options as connection parameters. */
  private static List<String> flightRows(String parameters) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection =
            DriverManager.getConnection(flight.jdbcUrl() + "&token=" + token + "&" + parameters);
        Statement statement = connection.createStatement();
        ResultSet result =
            statement.executeQuery("SELECT * FROM podcasts.podcast_catalog.podcasts")) {
      ResultSetMetaData metadata = result.getMetaData();
      while (result.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= metadata.getColumnCount(); i++) {
          // Instants arrive as timestamps in UTC (see the flight module's WireTypes).
          Object value =
              metadata.getColumnType(i) == java.sql.Types.TIMESTAMP
                  ? Optional.ofNullable(result.getObject(i, java.time.LocalDateTime.class))
                      .map(time -> time.toInstant(java.time.ZoneOffset.UTC))
                      .orElse(null)
                  : io.quanta.ports.sql.Values.normalize(result.getObject(i));
          row.put(metadata.getColumnLabel(i), value);
        }
        rows.add(canonical(row));
      }
    }
    return rows;
  }

  private static List<String> restRows(String parameters) throws Exception {
    List<String> rows = new ArrayList<>();
    String next = null;
    do {
      String url =
          PATH
              + "/rows?limit=1&"
              + (next == null
                  ? parameters
                  : "cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      JsonNode page = JSON.readTree(get(url));
      List<String> names = new ArrayList<>();
      page.path("columns").forEach(column -> names.add(column.path("name").asText()));
      for (JsonNode values : page.path("rows")) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
          row.put(names.get(i), JSON.treeToValue(values.get(i), Object.class));
        }
        rows.add(canonical(row));
      }
      next = page.hasNonNull("next") ? page.get("next").asText() : null;
    } while (next != null);
    return rows;
  }

  /** An event as the row of the port's history it is. */
  private static Map<String, Object> eventRow(JsonNode event) throws IOException {
    Map<String, Object> row = new LinkedHashMap<>();
    event
        .path("value")
        .fields()
        .forEachRemaining(field -> row.put(field.getKey(), value(field.getValue())));
    row.put("_event_time", event.path("eventTime").asText());
    row.put("_processed_at", event.path("processedAt").asText());
    row.put("_run_id", event.path("runId").asText());
    return row;
  }

  private static Object value(JsonNode node) {
    try {
      return JSON.treeToValue(node, Object.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<ConsumerRecord<byte[], byte[]>> kafkaRecords() {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      TopicPartition partition = new TopicPartition(Event.topic(PORT), 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (records.size() < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  /**
   * A row as comparable text: columns by name, times as instants, numbers without trailing zeros.
   */
  static String canonical(Map<String, Object> row) {
    Map<String, String> values = new java.util.TreeMap<>();
    row.forEach((name, value) -> values.put(name, canonicalValue(value)));
    return values.toString();
  }

  /** How DuckDB writes a TIMESTAMPTZ to CSV and JSON: 2026-11-21 07:31:29.84056+00. */
  private static final DateTimeFormatter DUCKDB_TIMESTAMP =
      new java.time.format.DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .appendPattern("x")
          .toFormatter();

  private static String canonicalValue(Object value) {
    if (value == null) {
      return "null";
    }
    String text = value.toString();
    if (value instanceof Number || text.matches("-?\\d+(\\.\\d+)?")) {
      return new BigDecimal(text).stripTrailingZeros().toPlainString();
    }
    for (java.util.function.Supplier<Instant> parse :
        List.<java.util.function.Supplier<Instant>>of(
            () -> Instant.parse(text),
            () -> OffsetDateTime.parse(text).toInstant(),
            () -> OffsetDateTime.parse(text, DUCKDB_TIMESTAMP).toInstant())) {
      try {
        return parse.get().toString();
      } catch (RuntimeException ignored) {
        // not this form
      }
    }
    return text;
  }

  private static List<String> sorted(List<String> rows) {
    return rows.stream().sorted().toList();
  }

  private static String get(String path) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + api.port() + path);
  }

  private static Path copySpecs() throws Exception {
    Path source = Path.of(PortConformanceTest.class.getClassLoader().getResource("specs").toURI());
    Path target = temp.resolve("specs");
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : files.toList()) {
        Path destination = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(destination);
        } else {
          Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return target;
  }
}
