package io.quanta.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A plain Kafka consumer on a thread of its own, assigned to partition 0 of one topic from a given
 * offset, that notes when each record arrived (the time {@code poll} returned it). The same reader
 * times Quanta's topics and the baseline's.
 */
final class TopicReader implements AutoCloseable {
  private final String topic;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Thread thread;

  /** Guarded by {@code this}: the batches polled, in order. */
  private final List<Arrival> arrivals = new ArrayList<>();

  /** Guarded by {@code this}: the offset after the last record received. */
  private long end;

  /** Guarded by {@code this}. */
  private Throwable failure;

  /** Guarded by {@code this}: polls completed, with or without records. */
  private long polls;

  private volatile boolean closed;

  /** Records {@code [first, end)} arrived at {@code at}. */
  private record Arrival(long first, long end, Instant at) {}

  private TopicReader(String bootstrapServers, String topic, long from) {
    this.topic = topic;
    this.consumer =
        new KafkaConsumer<>(
            configuration(bootstrapServers, "bench-" + topic),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    TopicPartition partition = new TopicPartition(topic, 0);
    consumer.assign(List.of(partition));
    consumer.seek(partition, from);
    this.end = from;
    this.thread = new Thread(this::read, "bench-reader-" + topic);
    thread.setDaemon(true);
  }

  /** Starts reading the topic's partition 0 from the offset. */
  static TopicReader start(String bootstrapServers, String topic, long from) {
    TopicReader reader = new TopicReader(bootstrapServers, topic, from);
    reader.thread.start();
    return reader;
  }

  /** The consumer configuration of every reader: no group, no commits, larger fetches. */
  static Properties configuration(String bootstrapServers, String clientId) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 << 20));
    return properties;
  }

  private void read() {
    try {
      while (!closed) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
        if (records.isEmpty()) {
          synchronized (this) {
            polls++;
            notifyAll();
          }
          continue;
        }
        Instant at = Instant.now();
        long first = -1;
        long last = -1;
        for (ConsumerRecord<byte[], byte[]> record : records) {
          if (first < 0) {
            first = record.offset();
          }
          last = record.offset();
        }
        synchronized (this) {
          arrivals.add(new Arrival(first, last + 1, at));
          end = last + 1;
          polls++;
          notifyAll();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        failure = e;
        notifyAll();
      }
    } finally {
      consumer.close(Duration.ofSeconds(1));
    }
  }

  /**
   * Waits until the consumer has polled a few times: connected, with the partition's metadata, so
   * that a clock started now does not time the consumer's start.
   */
  synchronized void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (polls < 3) {
      if (failure != null) {
        throw new IllegalStateException("reading " + topic + " failed: " + failure, failure);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new IllegalStateException("the consumer of " + topic + " did not start in 30 s");
      }
      wait(Math.max(1, remaining / 1_000_000));
    }
  }

  /**
   * When the record at the offset arrived, waiting for it up to the timeout.
   *
   * @throws IllegalStateException if it does not arrive in time, or the consumer failed
   */
  synchronized Instant awaitArrival(long offset, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (end <= offset) {
      if (failure != null) {
        throw new IllegalStateException("reading " + topic + " failed: " + failure, failure);
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new IllegalStateException(
            "record "
                + offset
                + " of "
                + topic
                + " did not arrive within "
                + timeout.toSeconds()
                + " s (received up to "
                + end
                + ")");
      }
      wait(Math.max(1, remaining / 1_000_000));
    }
    return arrivalOf(offset).orElseThrow();
  }

  private Optional<Instant> arrivalOf(long offset) {
    for (int i = arrivals.size() - 1; i >= 0; i--) {
      Arrival arrival = arrivals.get(i);
      if (arrival.first() <= offset && offset < arrival.end()) {
        return Optional.of(arrival.at());
      }
    }
    return Optional.empty();
  }

  /** How many polls returned records so far (for the details). */
  synchronized int batches() {
    return arrivals.size();
  }

  @Override
  public void close() {
    closed = true;
    consumer.wakeup();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
