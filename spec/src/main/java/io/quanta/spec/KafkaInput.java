package io.quanta.spec;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * An input that consumes a Kafka topic of JSON records. Each run reads the records from the offsets
 * the last committed run reached up to the topic's end at the run's start; the offsets advance only
 * when the run commits.
 *
 * @param name the table name inside the SQL
 * @param topic the topic
 * @param bootstrapServers the cluster, when not the mesh's
 * @param schema the fields each record must have, with their types
 */
public record KafkaInput(
    String name, String topic, Optional<String> bootstrapServers, List<Column> schema)
    implements Input {
  public KafkaInput {
    requireNonNull(name, "name is null");
    requireNonNull(topic, "topic is null");
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    schema = List.copyOf(schema);
  }
}
