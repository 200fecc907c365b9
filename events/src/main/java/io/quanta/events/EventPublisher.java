package io.quanta.events;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.governance.policy.PortDecision;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.events.Event;
import io.quanta.platform.events.EventLog;
import io.quanta.platform.registry.ProductVersion;
import io.quanta.spec.AccessMode;
import io.quanta.spec.Output;
import io.quanta.spec.PortId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every deployed port's event log to its Kafka topic ({@link Event#topic}), each event
 * exactly once and in order, resuming after restarts of either side without any state of its own.
 *
 * <p>Each topic has one partition and keeps its records forever, so a topic's end offset is the
 * number of events already published and Kafka offsets equal event offsets: the next event to
 * publish is the one whose offset is the topic's end offset. A record's value is the event's JSON
 * envelope (as the HTTP events port sends it), its key the JSON of the event's key columns (none
 * for an event log without a key), and its {@value #OFFSET_HEADER} header the event's offset in
 * decimal.
 *
 * <p>A topic carries its port as the port's default audience reads it ({@link #AUDIENCE}: the
 * anonymous principal, with no purpose): its policies apply as on every other port, masked columns
 * come masked, and a row hidden from the audience (by a row filter or a minimum group size) is a
 * record with no key, a null value and the header {@value #HIDDEN_HEADER}{@code : true}, so that
 * Kafka offsets still equal event offsets. A port its policies refuse to the audience is not
 * published at all (a warning says why) until they allow it again. The policies are decided anew
 * every round; each decision the publisher starts publishing a port under is audited once (with 0
 * events: the publisher's read goes on), not each event. Records already published stay as they
 * were when policies change.
 *
 * <p>The producer is idempotent (no duplicates from its retries) and never gives up on a record
 * while the broker is away, so records cannot be written out of order or with gaps; after any
 * failure the publisher reads the topic's end offset again before sending more. Every record's
 * acknowledged offset is checked against its event's offset: a topic that something else writes to
 * is reported (an error, once) and left alone, as is one that already holds more records than the
 * port has events.
 *
 * <p>A daemon thread publishes new events every {@code 200 ms} or when {@link #publishNow()} wakes
 * it. While Kafka is unreachable it says so once (a warning) and keeps retrying. Only one publisher
 * should write to a cluster's topics of a mesh at a time: two would both publish the same next
 * event: a lock file in the data folder lets one process publish at a time ({@link #start} of a
 * second one fails with {@code CONFLICT}).
 */
public final class EventPublisher implements AutoCloseable {
  /** The record header that carries the event's offset, in decimal. */
  public static final String OFFSET_HEADER = "quanta-offset";

  /** The record header that marks an event hidden from the topic's audience. */
  public static final String HIDDEN_HEADER = "quanta-hidden";

  /**
   * Who a topic is published for: the port's default audience, a reader with no credentials. A
   * topic is readable by whoever the cluster lets read it, so it carries no more than an anonymous
   * reader of the port may see.
   */
  public static final Reader AUDIENCE = Reader.of(Principal.ANONYMOUS);

  private static final Logger LOG = LoggerFactory.getLogger(EventPublisher.class);

  private final PublisherLock lock;
  private static final Duration POLL = Duration.ofMillis(200);

  /** Events read from the log and sent per round trip, and sent ahead of their acknowledgements. */
  private static final int BATCH = 20_000;

  /** How long an answer of Kafka may take before it counts as unreachable (and is retried). */
  private static final long PATIENCE_NANOS = Duration.ofSeconds(10).toNanos();

  /** How long {@link #publishPending()} keeps retrying an unreachable Kafka. */
  private static final Duration PENDING_WAIT = Duration.ofSeconds(60);

  /** The slice of a wait after which a closing publisher notices it is closed. */
  private static final long WAIT_SLICE_NANOS = Duration.ofMillis(100).toNanos();

  private final Mesh mesh;
  private final String bootstrapServers;
  private final ObjectMapper mapper = ApiServer.objectMapper();
  private final Admin admin;
  private final KafkaProducer<byte[], byte[]> producer;

  /** Held for a round of publishing: the thread's and those of {@link #publishPending()}. */
  private final ReentrantLock publishing = new ReentrantLock();

  /** Guarded by {@link #publishing}. */
  private final Map<PortId, PortProgress> progress = new LinkedHashMap<>();

  /** Guarded by {@link #publishing}: why the last round failed, if it did (reported once). */
  private String problem;

  /** Guarded by {@link #publishing}: whether the last round found Kafka unreachable. */
  private boolean unreachable;

  private final Object wakeUp = new Object();
  private boolean wakeUpRequested;
  private volatile boolean closed;
  private final Thread thread;

  private EventPublisher(Mesh mesh, String bootstrapServers, PublisherLock lock) {
    this.lock = lock;
    this.mesh = mesh;
    this.bootstrapServers = bootstrapServers;
    this.admin = Admin.create(adminConfiguration(bootstrapServers));
    this.producer =
        new KafkaProducer<>(
            producerConfiguration(bootstrapServers),
            new ByteArraySerializer(),
            new ByteArraySerializer());
    this.thread = new Thread(this::publishInBackground, "quanta-event-publisher");
    thread.setDaemon(true);
  }

  /**
   * Starts publishing the mesh's events to the Kafka cluster. Returns at once; a cluster that is
   * not reachable yet is retried.
   *
   * @param bootstrapServers the cluster's {@code host:port} list
   */
  public static EventPublisher start(Mesh mesh, String bootstrapServers) {
    requireNonNull(mesh, "mesh is null");
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    PublisherLock lock = PublisherLock.acquire(mesh.dataDir());
    try {
      EventPublisher publisher = new EventPublisher(mesh, bootstrapServers, lock);
      publisher.thread.start();
      return publisher;
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Wakes the publisher (e.g. right after a run committed). */
  public void publishNow() {
    synchronized (wakeUp) {
      wakeUpRequested = true;
      wakeUp.notifyAll();
    }
  }

  /**
   * Publishes everything there is now, then returns (for tests and for {@code quanta run} against
   * an external cluster). Ports reported as conflicting are skipped.
   *
   * @throws IllegalStateException if Kafka stays unreachable for a minute, or the publisher is
   *     closed
   */
  public void publishPending() {
    long deadline = System.nanoTime() + PENDING_WAIT.toNanos();
    while (true) {
      ensureOpen();
      publishing.lock();
      try {
        publishRound();
        return;
      } catch (KafkaUnavailableException e) {
        if (System.nanoTime() - deadline >= 0) {
          throw new IllegalStateException(
              "Cannot publish events to Kafka at " + bootstrapServers + ": " + e.getMessage(), e);
        }
      } catch (ClosedException e) {
        throw new IllegalStateException("The event publisher is closed", e);
      } finally {
        publishing.unlock();
      }
      sleep(POLL);
    }
  }

  /**
   * Stops publishing. Records already sent get a few seconds to be acknowledged; whatever is not is
   * published again, once, by the next publisher (it starts from the topic's end offset).
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    publishNow();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
    admin.close(Duration.ofSeconds(1));
    lock.close();
  }

  private void publishInBackground() {
    while (!closed) {
      synchronized (wakeUp) {
        if (!wakeUpRequested && !closed) {
          try {
            wakeUp.wait(POLL.toMillis());
          } catch (InterruptedException e) {
            return;
          }
        }
        wakeUpRequested = false;
      }
      if (closed) {
        return;
      }
      publishing.lock();
      try {
        publishRound();
      } catch (KafkaUnavailableException e) {
        // Reported once by publishRound; the next round retries.
      } catch (ClosedException e) {
        return;
      } catch (RuntimeException e) {
        // Reading the mesh failed (the next round retries): said once, not every round.
        String message = String.valueOf(e.getMessage());
        if (!message.equals(problem)) {
          LOG.error("Publishing events to Kafka at {} failed; retrying", bootstrapServers, e);
        }
        problem = message;
      } finally {
        publishing.unlock();
      }
    }
  }

  /**
   * Publishes every port's new events.
   *
   * @throws KafkaUnavailableException when Kafka did not answer in time (reported once)
   */
  private void publishRound() throws KafkaUnavailableException, ClosedException {
    try {
      for (PortId id : deployedPorts()) {
        PortProgress port = progress.computeIfAbsent(id, PortProgress::new);
        if (port.conflict == null) {
          publishPort(port);
        }
      }
    } catch (KafkaUnavailableException e) {
      if (!unreachable) {
        LOG.warn(
            "Cannot publish events to Kafka at {}: {}; retrying until it answers",
            bootstrapServers,
            e.getMessage());
      }
      unreachable = true;
      throw e;
    }
    if (unreachable) {
      LOG.info("Kafka at {} answers again; publishing events", bootstrapServers);
    }
    unreachable = false;
    problem = null;
  }

  private List<PortId> deployedPorts() {
    List<PortId> ports = new ArrayList<>();
    for (ProductVersion version : mesh.registry().products().list()) {
      for (Output output : mesh.specs().spec(version).outputs()) {
        if (output.serves(AccessMode.EVENTS)) {
          ports.add(version.id().port(output.name()));
        }
      }
    }
    return ports;
  }

  private void publishPort(PortProgress port) throws KafkaUnavailableException, ClosedException {
    // Records of an earlier round first: until they are settled, the topic's end is unknown.
    settle(port, 0);
    if (port.conflict != null) {
      return;
    }
    long events = mesh.events().endOffset(port.id);
    if (events == 0 || (port.next >= 0 && port.next >= events) || !allowed(port)) {
      return; // nothing new, or nothing the default audience may read
    }
    if (port.published < 0) {
      // The topic is created with the first event the port may publish.
      long topicEnd = topicEndOffset(port);
      if (port.conflict != null) {
        return;
      }
      if (topicEnd > events) {
        conflict(
            port,
            "its topic "
                + port.topic
                + " holds "
                + topicEnd
                + " records but the port has only "
                + events
                + " events: something else writes to it");
        return;
      }
      port.published = topicEnd;
      port.next = topicEnd;
    }
    while (port.next < events && port.conflict == null) {
      ensureOpenWhilePublishing();
      long before = port.next;
      boolean[] sendFailed = {false};
      int[] unsettled = {0};
      try {
        // One pass over the log to its current end, sending as it reads.
        mesh.events()
            .scan(
                port.id,
                port.decision,
                port.next,
                events - port.next,
                new EventLog.Sink<Exception>() {
                  @Override
                  public boolean accept(Event event) throws Exception {
                    return sent(send(port, event.offset(), record(port.topic, event)));
                  }

                  @Override
                  public boolean hidden(long offset) throws Exception {
                    return sent(send(port, offset, hiddenRecord(port.topic, offset)));
                  }

                  private boolean sent(boolean sent) throws Exception {
                    if (!sent) {
                      sendFailed[0] = true; // settle, then start again from the topic's end
                      return false;
                    }
                    if (++unsettled[0] >= BATCH) {
                      // Keep one batch in flight while the next one is read from the log.
                      settle(port, BATCH);
                      unsettled[0] = 0;
                      ensureOpenWhilePublishing();
                    }
                    return port.conflict == null;
                  }
                });
      } catch (KafkaUnavailableException | ClosedException | RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      if (sendFailed[0] || port.next == before) {
        break;
      }
    }
    settle(port, 0);
  }

  /**
   * Whether the port may be published now: its default audience's decision, audited and reported
   * when it changes (a refused port is reported once, with why, until its policies change).
   */
  private boolean allowed(PortProgress port) {
    PortDecision decision = mesh.events().decide(port.id, AUDIENCE);
    if (!decision.equals(port.decision)) {
      mesh.events().audit(port.id, AUDIENCE, decision, 0);
      if (!decision.allowed()) {
        LOG.warn(
            "Not publishing the events of {} to {}: its policies refuse it to its default audience"
                + " ({}): {}",
            port.id,
            port.topic,
            AUDIENCE.principal(),
            String.join("; ", decision.reasons()));
      } else if (port.decision != null && !port.decision.allowed()) {
        LOG.info("Publishing the events of {} again: its policies allow it", port.id);
      }
      port.decision = decision;
    }
    return decision.allowed();
  }

  /**
   * Sends the record of the port's next offset.
   *
   * @return false if the record failed before it was sent
   */
  private boolean send(PortProgress port, long offset, ProducerRecord<byte[], byte[]> record) {
    if (offset != port.next) {
      throw new IllegalStateException(
          "The event log of "
              + port.id
              + " returned offset "
              + offset
              + " where "
              + port.next
              + " was expected");
    }
    Future<RecordMetadata> acknowledgement;
    try {
      acknowledgement = producer.send(record);
    } catch (KafkaException e) {
      acknowledgement = CompletableFuture.failedFuture(e);
    }
    port.inFlight.add(new SentRecord(offset, acknowledgement));
    port.next++;
    return !(acknowledgement.isDone() && failed(acknowledgement));
  }

  private ProducerRecord<byte[], byte[]> record(String topic, Event event) {
    try {
      byte[] key = event.key().isEmpty() ? null : mapper.writeValueAsBytes(event.key());
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(topic, 0, key, mapper.writeValueAsBytes(event));
      record
          .headers()
          .add(
              new RecordHeader(
                  OFFSET_HEADER, Long.toString(event.offset()).getBytes(StandardCharsets.UTF_8)));
      return record;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot write event " + event.offset() + " of " + event.port() + " as JSON", e);
    }
  }

  /**
   * The record of an offset whose row the audience may not see: nothing of the row, not even its
   * key, only its place in the log.
   */
  private static ProducerRecord<byte[], byte[]> hiddenRecord(String topic, long offset) {
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, 0, null, null);
    record
        .headers()
        .add(
            new RecordHeader(OFFSET_HEADER, Long.toString(offset).getBytes(StandardCharsets.UTF_8)))
        .add(new RecordHeader(HIDDEN_HEADER, "true".getBytes(StandardCharsets.UTF_8)));
    return record;
  }

  /**
   * Collects the acknowledgements of the port's records in order until at most {@code keep} are
   * outstanding. A record Kafka wrote at another offset than its event's is a conflict; a failed
   * one makes the topic's end unknown, to be read again once every record sent is settled.
   */
  private void settle(PortProgress port, int keep)
      throws KafkaUnavailableException, ClosedException {
    while (!port.inFlight.isEmpty()) {
      SentRecord head = port.inFlight.peek();
      if (!head.acknowledgement.isDone() && port.inFlight.size() <= keep && !port.failed) {
        return;
      }
      Optional<RecordMetadata> written = acknowledgement(port, head);
      if (port.conflict != null) {
        port.inFlight.clear();
        return;
      }
      port.inFlight.poll();
      if (written.isEmpty()) {
        port.failed = true;
      } else if (written.get().offset() != head.offset) {
        conflict(
            port,
            "Kafka wrote its event "
                + head.offset
                + " at offset "
                + written.get().offset()
                + " of "
                + port.topic
                + ": something else writes to it");
        port.inFlight.clear();
        return;
      } else if (!port.failed) {
        port.published = head.offset + 1;
      }
    }
    if (port.failed) {
      port.failed = false;
      port.published = -1;
      port.next = -1;
      throw new KafkaUnavailableException(port.failure);
    }
  }

  /**
   * The record's acknowledgement: its metadata, or empty if it failed. A failure worth retrying is
   * kept on the port; any other one is a conflict (Kafka refuses the record).
   */
  private Optional<RecordMetadata> acknowledgement(PortProgress port, SentRecord record)
      throws KafkaUnavailableException, ClosedException {
    try {
      return Optional.of(waitFor(record.acknowledgement, "an acknowledgement"));
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof RetriableException) {
        port.failure = "sending event " + record.offset + ": " + cause;
      } else {
        conflict(port, "Kafka refused its event " + record.offset + ": " + cause);
      }
      return Optional.empty();
    }
  }

  /**
   * The number of records in the port's topic, creating the topic (one partition, kept forever) if
   * there is none.
   */
  private long topicEndOffset(PortProgress port) throws KafkaUnavailableException, ClosedException {
    Optional<TopicDescription> description = describeTopic(port);
    if (description.isEmpty()) {
      // A new topic is empty; asking its end offset now would race the broker's metadata.
      return createTopic(port) ? 0 : topicEndOffsetOfExisting(port);
    }
    if (description.get().partitions().size() != 1) {
      conflict(
          port,
          "its topic "
              + port.topic
              + " has "
              + description.get().partitions().size()
              + " partitions; the events port needs exactly one");
      return -1;
    }
    return topicEndOffsetOfExisting(port);
  }

  private long topicEndOffsetOfExisting(PortProgress port)
      throws KafkaUnavailableException, ClosedException {
    TopicPartition partition = new TopicPartition(port.topic, 0);
    try {
      return waitFor(
              admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition),
              "the end offset of " + port.topic)
          .offset();
    } catch (ExecutionException e) {
      throw unavailable(e, "the end offset of " + port.topic);
    }
  }

  private Optional<TopicDescription> describeTopic(PortProgress port)
      throws KafkaUnavailableException, ClosedException {
    try {
      return Optional.of(
          waitFor(
              admin.describeTopics(List.of(port.topic)).topicNameValues().get(port.topic),
              "the topic " + port.topic));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return Optional.empty();
      }
      throw unavailable(e, "the topic " + port.topic);
    }
  }

  /** Creates the port's topic; false if another process created it first. */
  private boolean createTopic(PortProgress port) throws KafkaUnavailableException, ClosedException {
    NewTopic topic =
        new NewTopic(port.topic, Optional.of(1), Optional.empty())
            .configs(
                Map.of(
                    TopicConfig.RETENTION_MS_CONFIG,
                    "-1",
                    TopicConfig.CLEANUP_POLICY_CONFIG,
                    TopicConfig.CLEANUP_POLICY_DELETE));
    try {
      waitFor(admin.createTopics(List.of(topic)).all(), "creating " + port.topic);
      LOG.info("Created the topic {} for the events of {}", port.topic, port.id);
      return true;
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw unavailable(e, "creating " + port.topic);
      }
      return false;
    }
  }

  /**
   * Waits for a Kafka future for {@link #PATIENCE_NANOS}, in slices, so that a closing publisher
   * stops waiting.
   *
   * @throws ExecutionException if the future failed
   * @throws KafkaUnavailableException if it did not complete in time
   */
  private <T> T waitFor(Future<T> future, String what)
      throws ExecutionException, KafkaUnavailableException, ClosedException {
    long deadline = System.nanoTime() + PATIENCE_NANOS;
    while (true) {
      ensureOpenWhilePublishing();
      long remaining = deadline - System.nanoTime();
      try {
        return future.get(Math.max(1, Math.min(remaining, WAIT_SLICE_NANOS)), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        if (remaining <= WAIT_SLICE_NANOS) {
          throw new KafkaUnavailableException("no answer while waiting for " + what);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClosedException();
      }
    }
  }

  private <T> T waitFor(KafkaFuture<T> future, String what)
      throws ExecutionException, KafkaUnavailableException, ClosedException {
    return waitFor(future.toCompletionStage().toCompletableFuture(), what);
  }

  private static KafkaUnavailableException unavailable(ExecutionException e, String what) {
    Throwable cause = e.getCause() == null ? e : e.getCause();
    return new KafkaUnavailableException(what + ": " + cause);
  }

  private static boolean failed(Future<?> future) {
    try {
      future.get();
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private void conflict(PortProgress port, String reason) {
    port.conflict = reason;
    LOG.error("Not publishing the events of {}: {}", port.id, reason);
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("The event publisher is closed");
    }
  }

  private void ensureOpenWhilePublishing() throws ClosedException {
    if (closed) {
      throw new ClosedException();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while publishing events", e);
    }
  }

  private static Properties adminConfiguration(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "quanta-event-publisher-admin");
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    return properties;
  }

  private static Properties producerConfiguration(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "quanta-event-publisher");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    // A record that expired could let a later one be written before it (a gap, offsets no longer
    // equal): records are retried for as long as the publisher runs.
    properties.put(ProducerConfig.RETRIES_CONFIG, String.valueOf(Integer.MAX_VALUE));
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(Integer.MAX_VALUE));
    properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    // Room for the records of two batches of events (sent, and being read) of a wide port.
    properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L * 1024 * 1024));
    return properties;
  }

  /** A record sent and the offset of its event. */
  private record SentRecord(long offset, Future<RecordMetadata> acknowledgement) {}

  /** What the publisher knows of a port's topic. Guarded by {@link #publishing}. */
  private static final class PortProgress {
    final PortId id;
    final String topic;

    /** The topic's end offset as acknowledged, -1 when unknown (to be read from Kafka). */
    long published = -1;

    /** The offset of the next event to send. */
    long next = -1;

    final ArrayDeque<SentRecord> inFlight = new ArrayDeque<>();

    /** A record failed: the topic's end is unknown once every record sent is settled. */
    boolean failed;

    String failure;

    /** Why the port is not published, once found. */
    String conflict;

    /** The default audience's decision the port is published under, null before the first. */
    PortDecision decision;

    PortProgress(PortId id) {
      this.id = id;
      this.topic = Event.topic(id);
    }
  }

  /** Kafka did not answer in time, or answered with an error worth retrying. */
  private static final class KafkaUnavailableException extends Exception {
    KafkaUnavailableException(String message) {
      super(message, null, false, false);
    }
  }

  /** The publisher was closed while publishing. */
  private static final class ClosedException extends Exception {
    ClosedException() {
      super("closed", null, false, false);
    }
  }
}
