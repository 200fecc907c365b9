package io.quanta.platform.events;

import static java.util.Objects.requireNonNull;

import io.quanta.spec.PortId;
import java.util.Map;

/**
 * One event of a port's log: a row a run appended, a new fact or a corrected one. For a port with a
 * key, an event replaces the previous value of its key; an event log's events are independent.
 * Serialized as the documented JSON envelope of the events port (HTTP and Kafka).
 *
 * @param offset the event's position in the port's log, from 0; stable forever
 * @param port the port, {@code domain/name:major/port}
 * @param key the key columns' values, empty for an event log
 * @param eventTime when the fact happened (ISO-8601 UTC)
 * @param processedAt when the mesh learned it: the commit time of its run (ISO-8601 UTC)
 * @param runId the run that appended it
 * @param value every declared column's value
 */
public record Event(
    long offset,
    String port,
    Map<String, Object> key,
    String eventTime,
    String processedAt,
    String runId,
    Map<String, Object> value) {
  public Event {
    requireNonNull(port, "port is null");
    key = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(key));
    value = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(value));
  }

  /** The Kafka topic of a port's events: {@code quanta.<domain>.<name>.v<major>.<port>}. */
  public static String topic(PortId port) {
    return "quanta."
        + port.product().domain()
        + "."
        + port.product().name()
        + ".v"
        + port.product().major()
        + "."
        + port.port();
  }
}
