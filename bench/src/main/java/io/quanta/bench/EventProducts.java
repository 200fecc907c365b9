package io.quanta.bench;

import io.quanta.engine.Sql;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The two products the events measures run, in a folder of their own:
 *
 * <ul>
 *   <li>{@code bench/ticks}: an event log over a CSV file the benchmark appends a small batch of
 *       rows to before each run, so that each run appends exactly that batch (the latency);
 *   <li>{@code bench/stream}: an event log shaped like play-events over a Parquet file the
 *       benchmark replaces with a new batch of plays before each run (the throughput).
 * </ul>
 */
final class EventProducts {
  static final ProductId TICKS = ProductId.of("bench", "ticks", 1);
  static final String TICKS_PORT = "ticks";
  static final ProductId STREAM = ProductId.of("bench", "stream", 1);
  static final String STREAM_PORT = "plays";

  private static final String TICKS_SPEC =
      """
      apiVersion: quanta/v1
      kind: DataProduct
      metadata:
        domain: bench
        name: ticks
        version: 1.0.0
        owner: bench@example.com
        description: >-
          Small batches of ticks the benchmark appends before each run, to measure how long a
          run's events take to reach consumers.
        kind: source-aligned
        tags: [bench]
      inputs:
        - name: ticks
          file: data/ticks.csv
          header: true
          schema:
            - {name: tick_id, type: bigint, description: The tick's number.}
            - {name: batch, type: integer, description: The run the tick was appended for.}
            - {name: ticked_at, type: timestamp, description: When the tick happened (UTC).}
      outputs:
        - name: ticks
          description: One row per tick; an event log.
          sql: |
            SELECT tick_id, batch, ticked_at FROM ticks
          eventTime: ticked_at
          schema:
            - {name: tick_id, type: bigint, description: The tick's number.}
            - {name: batch, type: integer, description: The run the tick was appended for.}
            - {name: ticked_at, type: timestamp, description: When the tick happened (UTC).}
      """;

  private static final String STREAM_SPEC =
      """
      apiVersion: quanta/v1
      kind: DataProduct
      metadata:
        domain: bench
        name: stream
        version: 1.0.0
        owner: bench@example.com
        description: >-
          Batches of generated plays, shaped like podcasts/play-events, the benchmark publishes to
          Kafka to measure the events port's throughput.
        kind: source-aligned
        tags: [bench]
      inputs:
        - name: plays
          file: data/stream.parquet
      outputs:
        - name: plays
          description: One row per generated play; an event log.
          sql: |
            SELECT play_id, user_id, podcast_id, episode, played_at, seconds, device FROM plays
          eventTime: played_at
          schema:
            - {name: play_id, type: bigint, description: The play's identifier.}
            - {name: user_id, type: string, description: The user who listened.}
            - {name: podcast_id, type: string, description: The podcast.}
            - {name: episode, type: integer, description: The episode's number.}
            - {name: played_at, type: timestamp, description: When the play started (UTC).}
            - {name: seconds, type: integer, description: Seconds listened.}
            - {name: device, type: string, description: The kind of device.}
      """;

  private final Path folder;
  private long ticks;

  private EventProducts(Path folder) {
    this.folder = folder;
  }

  /** Writes both specs and their inputs, without rows yet, into the folder. */
  static EventProducts write(Path folder) throws IOException, SQLException {
    Files.createDirectories(folder.resolve("data"));
    Files.writeString(folder.resolve("ticks.yaml"), TICKS_SPEC);
    Files.writeString(folder.resolve("stream.yaml"), STREAM_SPEC);
    Files.writeString(
        folder.resolve("data/ticks.csv"), "tick_id,batch,ticked_at\n", StandardCharsets.UTF_8);
    EventProducts products = new EventProducts(folder);
    products.replaceStream(0, 0);
    return products;
  }

  /** The spec files. */
  List<Path> specs() {
    return List.of(folder.resolve("ticks.yaml"), folder.resolve("stream.yaml"));
  }

  /** Appends {@code rows} new ticks of the batch to the ticks file. */
  void appendTicks(int batch, int rows) throws IOException {
    StringBuilder lines = new StringBuilder();
    String at = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    for (int i = 0; i < rows; i++) {
      lines.append(ticks++).append(',').append(batch).append(',').append(at).append('\n');
    }
    Files.writeString(
        folder.resolve("data/ticks.csv"),
        lines.toString(),
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
  }

  /**
   * Replaces the stream's input with {@code rows} new plays, numbered from {@code first}: the next
   * run appends all of them.
   */
  void replaceStream(long first, long rows) throws IOException, SQLException {
    Path target = folder.resolve("data/stream.parquet");
    Path staged = folder.resolve("data/stream.parquet.tmp");
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      statement.execute("SET TimeZone = 'UTC'");
      statement.execute(
          "COPY (SELECT range AS play_id,"
              + " 'u' || lpad(CAST(range % 100000 AS VARCHAR), 6, '0') AS user_id,"
              + " 'p' || lpad(CAST(range % 5000 AS VARCHAR), 5, '0') AS podcast_id,"
              + " CAST(1 + range % 120 AS INTEGER) AS episode,"
              + " TIMESTAMPTZ '2026-01-01 00:00:00+00' + to_seconds(range) AS played_at,"
              + " CAST(range % 3600 AS INTEGER) AS seconds,"
              + " ['ios', 'android', 'web', 'smart-speaker', 'car'][1 + range % 5] AS device"
              + " FROM range("
              + first
              + ", "
              + (first + rows)
              + ")) TO "
              + Sql.literal(staged.toAbsolutePath().toString())
              + " (FORMAT parquet, COMPRESSION zstd)");
    }
    Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING);
  }
}
