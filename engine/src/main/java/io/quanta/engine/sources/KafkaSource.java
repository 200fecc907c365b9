package io.quanta.engine.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.engine.DuckDbSession;
import io.quanta.engine.DuckTypes;
import io.quanta.engine.Sql;
import io.quanta.engine.SqlFailure;
import io.quanta.spec.Column;
import io.quanta.spec.KafkaInput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The stream input port: consumes a Kafka topic of JSON records into a table of the run's DuckDB
 * session, named after the input. A run reads from the offsets the last committed run reached (its
 * watermark, one offset per partition) up to the topic's end when the run starts, and returns the
 * new offsets; they are stored only if the run commits, so a failed run's records are read again by
 * the retry, and a committed run's never twice. No consumer group is used: the mesh's registry
 * holds the offsets.
 */
public final class KafkaSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  /** Fields the staged records carry besides their own: where each came from. */
  private static final String PARTITION = "__quanta_partition";

  private static final String OFFSET = "__quanta_offset";

  private KafkaSource() {}

  /**
   * Loads the records after the watermark into a new table of the session.
   *
   * @param bootstrapServers the cluster to read from
   * @param watermark the offsets the last committed run reached, as this method returned them
   * @param scratch a file the records are staged in (JSON lines), which the session may read
   * @throws SourceFailure for an unreachable cluster, a missing topic, or a record that is not a
   *     JSON object, with the topic, partition and offset
   */
  public static Loaded load(
      DuckDbSession session,
      KafkaInput input,
      String bootstrapServers,
      Optional<String> watermark,
      Path scratch) {
    Map<Integer, Long> start = parseWatermark(input, watermark);
    Map<Integer, Long> reached = new TreeMap<>();
    long rows = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
            new KafkaConsumer<>(properties(bootstrapServers));
        BufferedWriter out = Files.newBufferedWriter(scratch, StandardCharsets.UTF_8)) {
      List<TopicPartition> partitions = partitions(consumer, input, bootstrapServers);
      consumer.assign(partitions);
      Map<TopicPartition, Long> beginning = consumer.beginningOffsets(partitions, TIMEOUT);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, TIMEOUT);
      for (TopicPartition partition : partitions) {
        long from =
            Math.max(start.getOrDefault(partition.partition(), 0L), beginning.get(partition));
        consumer.seek(partition, from);
        reached.put(partition.partition(), from);
      }
      while (!caughtUp(reached, end)) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<byte[], byte[]> record : records) {
          long stop = end.get(new TopicPartition(record.topic(), record.partition()));
          if (record.offset() >= stop) {
            continue;
          }
          out.write(line(input, record));
          out.newLine();
          rows++;
          reached.put(record.partition(), record.offset() + 1);
        }
        if (records.isEmpty()) {
          // Transaction markers and deleted records leave gaps; the position shows progress.
          for (TopicPartition partition : partitions) {
            reached.put(
                partition.partition(),
                Math.min(consumer.position(partition, TIMEOUT), end.get(partition)));
          }
        }
      }
    } catch (TimeoutException e) {
      throw new SourceFailure(
          "input '"
              + input.name()
              + "': Kafka at "
              + bootstrapServers
              + " did not answer within "
              + TIMEOUT.toSeconds()
              + " s",
          e);
    } catch (KafkaException e) {
      throw new SourceFailure("input '" + input.name() + "': " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      session.execute(
          "CREATE OR REPLACE TEMP TABLE "
              + Sql.identifier(input.name())
              + " AS SELECT "
              + String.join(
                  ", ",
                  input.schema().stream().map(column -> Sql.identifier(column.name())).toList())
              + " FROM read_json("
              + Sql.literal(scratch.toString())
              + ", format = 'newline_delimited', columns = "
              + columns(input.schema())
              + ")");
    } catch (SqlFailure e) {
      throw mismatch(session, input, scratch, e);
    }
    ObjectNode next = JSON.createObjectNode();
    reached.forEach((partition, offset) -> next.put(String.valueOf(partition), offset));
    return new Loaded(rows, Optional.of(next.toString()));
  }

  private static Properties properties(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
    properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(TIMEOUT.toMillis()));
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    return properties;
  }

  private static List<TopicPartition> partitions(
      KafkaConsumer<byte[], byte[]> consumer, KafkaInput input, String bootstrapServers) {
    Map<String, List<PartitionInfo>> topics = consumer.listTopics(TIMEOUT);
    List<PartitionInfo> infos = topics.get(input.topic());
    if (infos == null || infos.isEmpty()) {
      throw new SourceFailure(
          "input '"
              + input.name()
              + "': topic '"
              + input.topic()
              + "' does not exist on "
              + bootstrapServers,
          null);
    }
    List<TopicPartition> partitions = new ArrayList<>();
    infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
    return partitions;
  }

  private static boolean caughtUp(Map<Integer, Long> reached, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> entry : end.entrySet()) {
      if (reached.getOrDefault(entry.getKey().partition(), 0L) < entry.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static String line(KafkaInput input, ConsumerRecord<byte[], byte[]> record) {
    String where = record.topic() + "-" + record.partition() + "@" + record.offset();
    if (record.value() == null) {
      throw new SourceFailure(
          "input '" + input.name() + "': record " + where + " has no value", null);
    }
    JsonNode value;
    try {
      value = JSON.readTree(record.value());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SourceFailure(
          "input '"
              + input.name()
              + "': record "
              + where
              + " is not JSON: "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (value == null || !value.isObject()) {
      throw new SourceFailure(
          "input '" + input.name() + "': record " + where + " is not a JSON object", null);
    }
    // Where the record came from, for the message when a value does not match its column.
    ((ObjectNode) value).put(PARTITION, record.partition()).put(OFFSET, record.offset());
    return value.toString();
  }

  /**
   * The failure of a staged batch whose values do not all match the schema, naming the first record
   * (topic, partition, offset) and field that does not, but not the value, which may be personal
   * data. DuckDB's own message names the scratch file and a line that is only approximate.
   */
  private static SourceFailure mismatch(
      DuckDbSession session, KafkaInput input, Path scratch, SqlFailure failure) {
    List<String> columns = new ArrayList<>();
    columns.add(Sql.literal(PARTITION) + ": 'INTEGER'");
    columns.add(Sql.literal(OFFSET) + ": 'BIGINT'");
    List<String> checks = new ArrayList<>();
    for (Column column : input.schema()) {
      columns.add(Sql.literal(column.name()) + ": 'VARCHAR'");
      String name = Sql.identifier(column.name());
      checks.add(
          "WHEN "
              + name
              + " IS NOT NULL AND TRY_CAST("
              + name
              + " AS "
              + DuckTypes.sqlType(column.type())
              + ") IS NULL THEN "
              + Sql.literal(column.name()));
    }
    try {
      List<String[]> found =
          session.query(
              "SELECT * FROM (SELECT "
                  + Sql.identifier(PARTITION)
                  + ", "
                  + Sql.identifier(OFFSET)
                  + ", CASE "
                  + String.join(" ", checks)
                  + " END AS bad FROM read_json("
                  + Sql.literal(scratch.toString())
                  + ", format = 'newline_delimited', columns = {"
                  + String.join(", ", columns)
                  + "})) WHERE bad IS NOT NULL ORDER BY 1, 2 LIMIT 1",
              row ->
                  new String[] {
                    input.topic() + "-" + row.getInt(1) + "@" + row.getLong(2), row.getString(3)
                  });
      if (!found.isEmpty()) {
        String[] parts = found.get(0);
        Column column =
            input.schema().stream()
                .filter(c -> c.name().equals(parts[1]))
                .findFirst()
                .orElseThrow();
        return new SourceFailure(
            "input '"
                + input.name()
                + "': record "
                + parts[0]
                + " does not match the schema: field '"
                + parts[1]
                + "' is not a "
                + column.type(),
            failure);
      }
    } catch (SqlFailure ignored) {
      // Report DuckDB's message below.
    }
    String message =
        SqlFailure.summary(failure.getMessage())
            .replace("in file \"" + scratch + "\", ", "")
            .replace(scratch.toString(), "the topic's records");
    int advice = message.indexOf(" If this error occurred");
    return new SourceFailure(
        "input '"
            + input.name()
            + "': a record does not match the schema: "
            + (advice > 0 ? message.substring(0, advice) : message),
        failure);
  }

  private static Map<Integer, Long> parseWatermark(KafkaInput input, Optional<String> watermark) {
    Map<Integer, Long> offsets = new HashMap<>();
    if (watermark.isEmpty()) {
      return offsets;
    }
    try {
      JsonNode node = JSON.readTree(watermark.get());
      node.fields()
          .forEachRemaining(
              entry -> offsets.put(Integer.parseInt(entry.getKey()), entry.getValue().asLong()));
      return offsets;
    } catch (IOException | RuntimeException e) {
      throw new SourceFailure(
          "input '" + input.name() + "': unreadable stored offsets " + watermark.get(), e);
    }
  }

  private static String columns(List<Column> schema) {
    List<String> entries = new ArrayList<>();
    for (Column column : schema) {
      entries.add(
          Sql.literal(column.name()) + ": " + Sql.literal(DuckTypes.sqlType(column.type())));
    }
    return "{" + String.join(", ", entries) + "}";
  }
}
