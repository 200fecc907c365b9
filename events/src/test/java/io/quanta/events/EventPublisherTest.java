package io.quanta.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.events.Event;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventPublisherTest {
  private static final ProductId CATALOG = ProductId.of("podcasts", "podcast-catalog", 1);
  private static final ProductId PLAYS = ProductId.of("podcasts", "play-events", 1);
  private static final PortId PODCASTS = CATALOG.port("podcasts");
  private static final PortId PLAY_EVENTS = PLAYS.port("events");
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private static final String CORRECTED_CATALOG =
      "podcast_id,title,released,episodes\n"
          + "p1,Data Mesh Radio,2026-01-10,12\n"
          + "p2,The Data Pipeline,2026-03-01,30\n";

  private final ObjectMapper mapper = ApiServer.objectMapper();
  @TempDir Path temp;
  private Path specs;
  private Path kafkaFolder;
  private Path dataDir;

  @BeforeEach
  void copySpecs() {
    specs = copyResources("mesh", temp.resolve("specs"));
    kafkaFolder = temp.resolve("kafka");
    dataDir = temp.resolve("quanta");
  }

  @Test
  void publishesEveryEventOnceInOrderThenFollowsNewRuns() throws IOException {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaFolder, 0);
        Mesh mesh = deployedMesh()) {
      mesh.runs().run(CATALOG, "test");
      mesh.runs().run(PLAYS, "test");
      try (EventPublisher publisher = EventPublisher.start(mesh, kafka.bootstrapServers())) {
        List<ConsumerRecord<byte[], byte[]>> podcasts = readTopic(kafka, PODCASTS, 2);
        assertSameEvents(mesh, PODCASTS, podcasts);
        assertThat(podcasts)
            .extracting(record -> json(record.key()))
            .containsExactly(json("{\"podcast_id\":\"p1\"}"), json("{\"podcast_id\":\"p2\"}"));
        List<ConsumerRecord<byte[], byte[]>> plays = readTopic(kafka, PLAY_EVENTS, 3);
        assertSameEvents(mesh, PLAY_EVENTS, plays);
        assertThat(plays).extracting(ConsumerRecord::key).containsOnlyNulls();

        Files.writeString(specs.resolve("data/podcasts.csv"), CORRECTED_CATALOG);
        mesh.runs().run(CATALOG, "test");
        publisher.publishNow();
        List<ConsumerRecord<byte[], byte[]>> corrected = readTopic(kafka, PODCASTS, 3);
        assertSameEvents(mesh, PODCASTS, corrected);
        assertThat(json(corrected.get(2).value()).at("/value/title").asText())
            .isEqualTo("The Data Pipeline");
      }
    }
  }

  @Test
  void publishesOnlyThePortsServedAsEvents() throws Exception {
    Path catalog = specs.resolve("podcast-catalog.yaml");
    Files.writeString(
        catalog,
        Files.readString(catalog)
            .replace("key: [podcast_id]", "key: [podcast_id]\n    access: [sql, rest]"));
    try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaFolder, 0);
        Mesh mesh = deployedMesh()) {
      mesh.runs().run(CATALOG, "test");
      mesh.runs().run(PLAYS, "test");
      try (EventPublisher publisher = EventPublisher.start(mesh, kafka.bootstrapServers());
          Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        assertSameEvents(mesh, PLAY_EVENTS, readTopic(kafka, PLAY_EVENTS, 3));
        assertThat(admin.listTopics().names().get()).containsExactly(Event.topic(PLAY_EVENTS));
      }
      assertThatThrownBy(() -> mesh.events().read(PODCASTS, EventPublisher.AUDIENCE, 0, 10))
          .hasMessageContaining("is not served as events");
    }
  }

  @Test
  void resumesAfterRestartsOfThePublisherAndTheBrokerWithoutDuplicates() throws IOException {
    try (Mesh mesh = deployedMesh()) {
      mesh.runs().run(CATALOG, "test");
      try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaFolder, 0);
          EventPublisher publisher = EventPublisher.start(mesh, kafka.bootstrapServers())) {
        publisher.publishPending();
        assertThat(readTopic(kafka, PODCASTS, 2)).hasSize(2);
      }
      try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaFolder, 0)) {
        try (EventPublisher publisher = EventPublisher.start(mesh, kafka.bootstrapServers())) {
          publisher.publishPending();
        }
        assertSameEvents(mesh, PODCASTS, readTopic(kafka, PODCASTS, 2));
      }

      // A correction while neither the broker nor the publisher runs.
      Files.writeString(specs.resolve("data/podcasts.csv"), CORRECTED_CATALOG);
      mesh.runs().run(CATALOG, "test");
      try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaFolder, 0);
          EventPublisher publisher = EventPublisher.start(mesh, kafka.bootstrapServers())) {
        publisher.publishPending();
        List<ConsumerRecord<byte[], byte[]>> records = readTopic(kafka, PODCASTS, 3);
        assertSameEvents(mesh, PODCASTS, records);
        assertThat(records).extracting(ConsumerRecord::offset).containsExactly(0L, 1L, 2L);
      }
    }
  }

  @Test
  void waitsForABrokerThatIsDownWhenItStarts() throws IOException {
    int port = freePort();
    try (Mesh mesh = deployedMesh()) {
      mesh.runs().run(CATALOG, "test");
      try (EventPublisher publisher = EventPublisher.start(mesh, "127.0.0.1:" + port)) {
        sleep(Duration.ofSeconds(1)); // the publisher finds no broker
        try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaFolder, port)) {
          assertSameEvents(mesh, PODCASTS, readTopic(kafka, PODCASTS, 2));
        }
      }
    }
  }

  @Test
  void leavesAloneATopicThatHoldsMoreRecordsThanThePortHasEvents() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(kafkaFolder, 0);
        Mesh mesh = deployedMesh()) {
      String topic = Event.topic(PODCASTS);
      writeForeignRecords(kafka, topic, 5);
      mesh.runs().run(CATALOG, "test");
      mesh.runs().run(PLAYS, "test");
      try (EventPublisher publisher = EventPublisher.start(mesh, kafka.bootstrapServers())) {
        publisher.publishPending();
      }
      assertThat(readTopic(kafka, PODCASTS, 5))
          .extracting(record -> new String(record.value(), StandardCharsets.UTF_8))
          .containsOnly("not an event");
      assertSameEvents(mesh, PLAY_EVENTS, readTopic(kafka, PLAY_EVENTS, 3));
    }
  }

  /** Records are the port's events, in order, each at the Kafka offset of its event offset. */
  private void assertSameEvents(
      Mesh mesh, PortId port, List<ConsumerRecord<byte[], byte[]>> records)
      throws JsonProcessingException {
    List<Event> events = mesh.events().read(port, EventPublisher.AUDIENCE, 0, 1_000);
    assertThat(records).hasSameSizeAs(events);
    for (int i = 0; i < events.size(); i++) {
      ConsumerRecord<byte[], byte[]> record = records.get(i);
      Event event = events.get(i);
      assertThat(record.offset()).isEqualTo(event.offset()).isEqualTo(i);
      assertThat(json(record.value())).isEqualTo(json(mapper.writeValueAsBytes(event)));
      assertThat(record.headers().lastHeader(EventPublisher.OFFSET_HEADER).value())
          .asString(StandardCharsets.UTF_8)
          .isEqualTo(String.valueOf(event.offset()));
    }
  }

  /**
   * Every record of the port's topic once it holds at least {@code expected}, and whatever more it
   * holds then (to catch duplicates).
   */
  private static List<ConsumerRecord<byte[], byte[]>> readTopic(
      EmbeddedKafka kafka, PortId port, int expected) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    TopicPartition partition = new TopicPartition(Event.topic(port), 0);
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(50)).forEach(records::add);
      }
      consumer.poll(Duration.ofMillis(300)).forEach(records::add);
    }
    return records;
  }

  private static void writeForeignRecords(EmbeddedKafka kafka, String topic, int count)
      throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())))
          .all()
          .get();
    }
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", kafka.bootstrapServers()),
            new ByteArraySerializer(),
            new ByteArraySerializer())) {
      for (int i = 0; i < count; i++) {
        producer.send(new ProducerRecord<>(topic, "not an event".getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  private Mesh deployedMesh() {
    Mesh mesh = Mesh.open(dataDir);
    mesh.lifecycle()
        .deployFiles(
            List.of(specs.resolve("podcast-catalog.yaml"), specs.resolve("play-events.yaml")));
    return mesh;
  }

  private JsonNode json(byte[] bytes) {
    try {
      return mapper.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode json(String text) {
    return json(text.getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path copyResources(String folder, Path target) {
    try {
      Path source = Path.of(EventPublisherTest.class.getClassLoader().getResource(folder).toURI());
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
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void onlyOnePublisherPerMeshAtATime() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(temp.resolve("lock-kafka"), 0);
        io.quanta.platform.Mesh mesh = io.quanta.platform.Mesh.open(temp.resolve("lock-mesh"));
        EventPublisher first = EventPublisher.start(mesh, kafka.bootstrapServers())) {
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> EventPublisher.start(mesh, kafka.bootstrapServers()))
          .isInstanceOfSatisfying(
              io.quanta.error.QuantaException.class,
              e ->
                  org.assertj.core.api.Assertions.assertThat(e.code())
                      .isEqualTo(io.quanta.error.ErrorCode.CONFLICT));
    }
  }
}
