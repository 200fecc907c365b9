package io.quanta.bench;

import io.quanta.events.EmbeddedKafka;
import io.quanta.events.EventPublisher;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.events.Event;
import io.quanta.platform.registry.RunRecord;
import io.quanta.spec.PortId;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The events port measured end to end, in a mesh of its own with the embedded Kafka broker,
 * Quanta's event publisher woken by every commit (as {@code quanta up} wires it) and the HTTP API:
 *
 * <ul>
 *   <li>latency: for each of {@value #LATENCY_RUNS} runs ({@value #SMALL_LATENCY_RUNS} below a
 *       scale of {@value #FULL_LATENCY_SCALE}) of {@code bench/ticks} appending {@value
 *       #BATCH_ROWS} events, the time from the run's commit to the arrival of its first event at a
 *       Kafka consumer and at an HTTP consumer following the events port, against a plain Kafka
 *       producer sending the same records to a plain consumer;
 *   <li>throughput: a run of {@code bench/stream} appending many events at once, from its commit to
 *       the arrival of its last event at a Kafka consumer, against a plain producer sending the
 *       same records (same key, value and header bytes) to the same kind of consumer.
 * </ul>
 */
final class EventsBench {
  static final String KAFKA_P50 = "events latency, commit to Kafka consumer, p50 (ms)";
  static final String KAFKA_P99 = "events latency, commit to Kafka consumer, p99 (ms)";
  static final String HTTP_P50 = "events latency, commit to HTTP consumer, p50 (ms)";
  static final String HTTP_P99 = "events latency, commit to HTTP consumer, p99 (ms)";
  static final String THROUGHPUT = "events throughput, event log to Kafka consumer (events/s)";

  /** The measures of this group, in the report's order. */
  static final List<String> MEASURES =
      List.of(KAFKA_P50, KAFKA_P99, HTTP_P50, HTTP_P99, THROUGHPUT);

  static final double LATENCY_TARGET_MS = 1000;
  static final double THROUGHPUT_TARGET = 0.5;

  /** Events each latency run appends. */
  static final int BATCH_ROWS = 10;

  static final int LATENCY_WARMUPS = 5;
  static final int LATENCY_RUNS = 50;

  /** Below this scale (smoke tests) the latency takes {@value #SMALL_LATENCY_RUNS} runs only. */
  static final long FULL_LATENCY_SCALE = 1_000_000;

  static final int SMALL_LATENCY_RUNS = 10;

  /** How long a latency run's events may take to arrive before the benchmark gives up. */
  static final Duration LATENCY_WAIT = Duration.ofSeconds(60);

  private static final String PLAIN_TICKS = "bench.plain.ticks";
  private static final String PLAIN_STREAM = "bench.plain.stream-";

  private EventsBench() {}

  /** Timed runs of the latency measure: {@value #LATENCY_RUNS}, fewer at a very small scale. */
  static int latencyRuns(long scale) {
    return scale >= FULL_LATENCY_SCALE ? LATENCY_RUNS : SMALL_LATENCY_RUNS;
  }

  /** Events the throughput measure moves per repeat: a tenth of the scale, at least 100. */
  static long throughputEvents(long scale) {
    return Math.max(100, scale / 10);
  }

  /** Latencies of one consumer, in seconds, one per measured run. */
  private static final class Latencies {
    int runs;
    final Samples kafka = new Samples();
    final Samples http = new Samples();
    final Samples kafkaFromStart = new Samples();
    final Samples httpFromStart = new Samples();
    final Samples run = new Samples();
    final Samples plain = new Samples();
  }

  /** Seconds and events per second of each repeat. */
  private static final class Throughput {
    final Samples quantaSeconds = new Samples();
    final Samples quantaRate = new Samples();
    final Samples plainSeconds = new Samples();
    final Samples plainRate = new Samples();
    long events;
    long valueBytes;
  }

  static Measured measure(Path folder, BenchOptions options, Progress progress)
      throws IOException, SQLException, InterruptedException {
    progress.say("events: starting a mesh, the embedded Kafka broker, the publisher and the API");
    EventProducts products = EventProducts.write(folder.resolve("products"));
    long events = throughputEvents(options.scale());
    PortId ticks = EventProducts.TICKS.port(EventProducts.TICKS_PORT);
    PortId stream = EventProducts.STREAM.port(EventProducts.STREAM_PORT);
    Latencies latencies = new Latencies();
    latencies.runs = latencyRuns(options.scale());
    Throughput throughput = new Throughput();
    throughput.events = events;
    double kafkaStartSeconds;
    try (Mesh mesh = Mesh.open(folder.resolve("mesh"))) {
      mesh.lifecycle().deployFiles(products.specs());
      long start = System.nanoTime();
      try (EmbeddedKafka kafka = EmbeddedKafka.start(folder.resolve("kafka"), 0)) {
        kafkaStartSeconds = Samples.secondsSince(start);
        String bootstrap = kafka.bootstrapServers();
        List<String> topics = new ArrayList<>(List.of(Event.topic(ticks), Event.topic(stream)));
        topics.add(PLAIN_TICKS);
        for (int i = 1; i <= options.repeat(); i++) {
          topics.add(PLAIN_STREAM + i);
        }
        createTopics(bootstrap, topics);

        try (EventPublisher publisher = EventPublisher.start(mesh, bootstrap);
            ApiServer api = ApiServer.start(mesh, "127.0.0.1", 0)) {
          mesh.runs().onCommit(run -> publisher.publishNow());
          measureLatency(mesh, products, ticks, bootstrap, api.port(), latencies, progress);
          measureThroughput(mesh, products, stream, bootstrap, options, throughput, progress);
        }
        measurePlainLatency(bootstrap, Event.topic(ticks), latencies, progress);
        measurePlainThroughput(bootstrap, Event.topic(stream), options, throughput, progress);
      }
    }
    return report(latencies, throughput, kafkaStartSeconds);
  }

  /** Runs bench/ticks, each run appending a small batch, timing when each consumer sees it. */
  private static void measureLatency(
      Mesh mesh,
      EventProducts products,
      PortId port,
      String bootstrap,
      int apiPort,
      Latencies latencies,
      Progress progress)
      throws IOException, InterruptedException {
    int runs = LATENCY_WARMUPS + latencies.runs;
    progress.say(
        "  latency: %d runs of %s (%d warm-ups), %d events each",
        runs, EventProducts.TICKS, LATENCY_WARMUPS, BATCH_ROWS);
    try (TopicReader kafka = TopicReader.start(bootstrap, Event.topic(port), 0);
        HttpEventReader http =
            HttpEventReader.start(
                apiPort, Benchmark.readerToken(mesh), port, -1, (long) runs * BATCH_ROWS)) {
      kafka.awaitReady();
      long offset = 0;
      for (int i = 0; i < runs; i++) {
        products.appendTicks(i, BATCH_ROWS);
        Instant started = Instant.now();
        RunRecord run = mesh.runs().run(EventProducts.TICKS, Benchmark.TRIGGER);
        if (run.rowsWritten() != BATCH_ROWS) {
          throw new IllegalStateException(
              "a run of " + EventProducts.TICKS + " appended " + run.rowsWritten() + " events");
        }
        Instant committed = run.finishedAt().orElseThrow();
        Instant kafkaFirst = kafka.awaitArrival(offset, LATENCY_WAIT);
        Instant httpFirst = http.awaitArrival(offset, LATENCY_WAIT);
        kafka.awaitArrival(offset + BATCH_ROWS - 1, LATENCY_WAIT);
        http.awaitArrival(offset + BATCH_ROWS - 1, LATENCY_WAIT);
        if (i >= LATENCY_WARMUPS) {
          latencies.kafka.add(seconds(committed, kafkaFirst));
          latencies.http.add(seconds(committed, httpFirst));
          latencies.kafkaFromStart.add(seconds(started, kafkaFirst));
          latencies.httpFromStart.add(seconds(started, httpFirst));
          latencies.run.add(seconds(started, committed));
        }
        offset += BATCH_ROWS;
      }
    }
    progress.say(
        "  latency from commit, p50: Kafka %.1f ms, HTTP %.1f ms",
        latencies.kafka.median() * 1000, latencies.http.median() * 1000);
  }

  /** Runs bench/stream with a large batch per repeat, timing its events' way to a consumer. */
  private static void measureThroughput(
      Mesh mesh,
      EventProducts products,
      PortId port,
      String bootstrap,
      BenchOptions options,
      Throughput throughput,
      Progress progress)
      throws IOException, SQLException, InterruptedException {
    long events = throughput.events;
    Duration wait = throughputWait(events);
    try (TopicReader reader = TopicReader.start(bootstrap, Event.topic(port), 0)) {
      reader.awaitReady();
      for (int i = 1; i <= options.repeat(); i++) {
        long first = (i - 1) * events;
        products.replaceStream(first, events);
        RunRecord run = mesh.runs().run(EventProducts.STREAM, Benchmark.TRIGGER);
        if (run.rowsWritten() != events) {
          throw new IllegalStateException(
              "a run of "
                  + EventProducts.STREAM
                  + " appended "
                  + run.rowsWritten()
                  + " events, expected "
                  + events);
        }
        Instant committed = run.finishedAt().orElseThrow();
        Instant last = reader.awaitArrival(first + events - 1, wait);
        double seconds = seconds(committed, last);
        throughput.quantaSeconds.add(seconds);
        throughput.quantaRate.add(events / seconds);
        progress.say(
            "  throughput %d of %d: %,d events published by Quanta and received in %.2f s",
            i, options.repeat(), events, seconds);
      }
    }
  }

  /**
   * A plain producer sending the records of one ticks run to a plain consumer, one batch a time.
   */
  private static void measurePlainLatency(
      String bootstrap, String quantaTopic, Latencies latencies, Progress progress)
      throws InterruptedException {
    progress.say("  baseline latency: a plain Kafka producer and consumer, same records");
    List<ConsumerRecord<byte[], byte[]>> batch =
        readRecords(bootstrap, quantaTopic, 0, BATCH_ROWS, LATENCY_WAIT);
    int runs = LATENCY_WARMUPS + latencies.runs;
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap);
        TopicReader reader = TopicReader.start(bootstrap, PLAIN_TICKS, 0)) {
      reader.awaitReady();
      long offset = 0;
      for (int i = 0; i < runs; i++) {
        Instant sent = Instant.now();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          producer.send(copy(PLAIN_TICKS, record));
        }
        Instant first = reader.awaitArrival(offset, LATENCY_WAIT);
        reader.awaitArrival(offset + BATCH_ROWS - 1, LATENCY_WAIT);
        if (i >= LATENCY_WARMUPS) {
          latencies.plain.add(seconds(sent, first));
        }
        offset += BATCH_ROWS;
      }
    }
  }

  /** A plain producer sending the records Quanta published to a plain consumer, per repeat. */
  private static void measurePlainThroughput(
      String bootstrap,
      String quantaTopic,
      BenchOptions options,
      Throughput throughput,
      Progress progress)
      throws InterruptedException {
    long events = throughput.events;
    Duration wait = throughputWait(events);
    List<ConsumerRecord<byte[], byte[]>> records =
        readRecords(bootstrap, quantaTopic, 0, events, wait);
    long bytes = 0;
    for (ConsumerRecord<byte[], byte[]> record : records) {
      bytes += record.value().length;
    }
    throughput.valueBytes = bytes;
    try (KafkaProducer<byte[], byte[]> producer = producer(bootstrap)) {
      for (int i = 1; i <= options.repeat(); i++) {
        String topic = PLAIN_STREAM + i;
        try (TopicReader reader = TopicReader.start(bootstrap, topic, 0)) {
          reader.awaitReady();
          Instant sent = Instant.now();
          for (ConsumerRecord<byte[], byte[]> record : records) {
            producer.send(copy(topic, record));
          }
          Instant last = reader.awaitArrival(events - 1, wait);
          double seconds = seconds(sent, last);
          throughput.plainSeconds.add(seconds);
          throughput.plainRate.add(events / seconds);
          progress.say(
              "  baseline throughput %d of %d: %,d records sent by a plain producer and received"
                  + " in %.2f s",
              i, options.repeat(), events, seconds);
        }
      }
    }
  }

  private static Measured report(
      Latencies latencies, Throughput throughput, double kafkaStartSeconds) {
    double plainP50 = latencies.plain.percentile(50);
    double plainP99 = latencies.plain.percentile(99);
    List<ReportRow> rows = new ArrayList<>();
    rows.add(latencyRow(KAFKA_P50, latencies.kafka.percentile(50), plainP50, true));
    rows.add(latencyRow(KAFKA_P99, latencies.kafka.percentile(99), plainP99, false));
    rows.add(latencyRow(HTTP_P50, latencies.http.percentile(50), plainP50, true));
    rows.add(latencyRow(HTTP_P99, latencies.http.percentile(99), plainP99, false));
    double ratio = throughput.quantaRate.median() / throughput.plainRate.median();
    rows.add(
        new ReportRow(
            THROUGHPUT,
            String.format(Locale.ROOT, "%,.0f", throughput.quantaRate.median()),
            String.format(Locale.ROOT, "%,.0f", throughput.plainRate.median()),
            Benchmark.ratio(ratio),
            ">= " + THROUGHPUT_TARGET + "x",
            Optional.of(ratio >= THROUGHPUT_TARGET)));

    List<String> details = new ArrayList<>();
    details.add(
        String.format(
            Locale.ROOT,
            "Events setup: a mesh of its own with bench/ticks and bench/stream (event logs), the"
                + " embedded Kafka broker (started in %.1f s), Quanta's EventPublisher woken by"
                + " every commit as `quanta up` wires it, and the HTTP API, all in this JVM. The"
                + " topics were created up front, one partition each, with the publisher's topic"
                + " settings. Every consumer is a plain KafkaConsumer assigned to partition 0"
                + " (max.poll.records=10000, max.partition.fetch.bytes=8 MiB); both producers use"
                + " the publisher's producer settings (acks=all, idempotent, linger.ms=5,"
                + " batch.size=256 KiB).",
            kafkaStartSeconds));
    details.add(
        String.format(
            Locale.ROOT,
            "Events latency: %d runs of bench/ticks, each appending %d events to a CSV input and"
                + " running, after %d warm-ups; measured from the run's commit (its finishedAt,"
                + " taken just before the registry transaction) to the arrival of the run's first"
                + " event. Kafka p50 %.1f, p90 %.1f, p99 %.1f ms; HTTP (one request held open,"
                + " `GET .../ports/ticks/events?after=-1`) p50 %.1f, p90 %.1f, p99 %.1f ms. From"
                + " just before `mesh.runs().run(...)` instead: Kafka p50 %.1f ms, HTTP p50 %.1f"
                + " ms (the run itself takes %.1f ms, median). Baseline: a plain KafkaProducer"
                + " sending the same %d JSON records, from the send of the first to its arrival at"
                + " a plain consumer, p50 %.1f, p90 %.1f, p99 %.1f ms. Percentiles are nearest-rank:"
                + " p99 of %d runs is the slowest.",
            latencies.runs,
            BATCH_ROWS,
            LATENCY_WARMUPS,
            toMillis(latencies.kafka.percentile(50)),
            toMillis(latencies.kafka.percentile(90)),
            toMillis(latencies.kafka.percentile(99)),
            toMillis(latencies.http.percentile(50)),
            toMillis(latencies.http.percentile(90)),
            toMillis(latencies.http.percentile(99)),
            toMillis(latencies.kafkaFromStart.percentile(50)),
            toMillis(latencies.httpFromStart.percentile(50)),
            toMillis(latencies.run.median()),
            BATCH_ROWS,
            toMillis(plainP50),
            toMillis(latencies.plain.percentile(90)),
            toMillis(plainP99),
            latencies.runs));
    details.add(
        String.format(
            Locale.ROOT,
            "Events throughput: %,d events per repeat (%,.0f bytes of JSON per record on average),"
                + " appended by one run of bench/stream (plays-shaped rows); Quanta, from the"
                + " run's commit to the arrival of its last event at the consumer (the publisher"
                + " reads the port's event log from its Parquet file, writes each event's JSON and"
                + " sends it): %s s; a plain producer sending the same records (key, value and"
                + " header bytes) from memory to a topic of its own, from the first send to the"
                + " last arrival: %s s.",
            throughput.events,
            throughput.valueBytes / (double) throughput.events,
            throughput.quantaSeconds.list(seconds -> seconds, "%.2f"),
            throughput.plainSeconds.list(seconds -> seconds, "%.2f")));
    return new Measured(rows, details);
  }

  private static ReportRow latencyRow(String measure, double quanta, double plain, boolean target) {
    String comparison =
        String.format(
            Locale.ROOT, "%.1fx (%+.1f ms)", quanta / plain, toMillis(quanta) - toMillis(plain));
    return new ReportRow(
        measure,
        String.format(Locale.ROOT, "%.1f", toMillis(quanta)),
        String.format(Locale.ROOT, "%.1f", toMillis(plain)),
        comparison,
        target ? "< " + (long) LATENCY_TARGET_MS + " ms" : "-",
        target ? Optional.of(toMillis(quanta) < LATENCY_TARGET_MS) : Optional.empty());
  }

  private static Duration throughputWait(long events) {
    return Duration.ofSeconds(120 + events / 2_000);
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  private static double toMillis(double seconds) {
    return seconds * 1000;
  }

  private static ProducerRecord<byte[], byte[]> copy(
      String topic, ConsumerRecord<byte[], byte[]> record) {
    ProducerRecord<byte[], byte[]> copy =
        new ProducerRecord<>(topic, 0, record.key(), record.value());
    for (Header header : record.headers()) {
      copy.headers().add(header);
    }
    return copy;
  }

  /** Reads {@code count} records of the topic's partition 0 from an offset into memory. */
  private static List<ConsumerRecord<byte[], byte[]>> readRecords(
      String bootstrap, String topic, long from, long count, Duration timeout) {
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    TopicPartition partition = new TopicPartition(topic, 0);
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            TopicReader.configuration(bootstrap, "bench-copy-" + topic),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, from);
      while (records.size() < count) {
        if (System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(
              "read " + records.size() + " of " + count + " records of " + topic + " in time");
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          if (records.size() < count) {
            records.add(record);
          }
        }
      }
    }
    return records;
  }

  /** A producer with the settings of Quanta's event publisher. */
  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-plain-producer");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L * 1024 * 1024));
    return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Creates the topics as the publisher creates a port's: one partition, kept forever. */
  private static void createTopics(String bootstrap, List<String> names) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin admin = Admin.create(properties)) {
      List<NewTopic> topics = new ArrayList<>();
      for (String name : names) {
        topics.add(
            new NewTopic(name, Optional.of(1), Optional.empty())
                .configs(
                    Map.of(
                        TopicConfig.RETENTION_MS_CONFIG,
                        "-1",
                        TopicConfig.CLEANUP_POLICY_CONFIG,
                        TopicConfig.CLEANUP_POLICY_DELETE)));
      }
      admin.createTopics(topics).all().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create the benchmark's topics: " + e.getCause(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    }
  }
}
