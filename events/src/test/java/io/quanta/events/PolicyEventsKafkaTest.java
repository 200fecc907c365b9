package io.quanta.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.governance.policy.PortDecision;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.events.Event;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A port's topic carries it as its default audience (a reader without credentials) may read it:
 * masked, hidden rows as null-valued records that keep Kafka offsets equal to event offsets, and
 * nothing at all of a port the audience is refused.
 */
class PolicyEventsKafkaTest {
  private static final ProductId PROFILES = ProductId.of("users", "profile-updates", 1);
  private static final PortId UPDATES = PROFILES.port("updates");
  private static final PortId COUNTRIES = PROFILES.port("countries");
  private static final Duration PATIENCE = Duration.ofSeconds(20);

  private final ObjectMapper mapper = ApiServer.objectMapper();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger publisherLog = (Logger) LoggerFactory.getLogger(EventPublisher.class);
  @TempDir Path temp;
  private Path specs;

  @BeforeEach
  void copySpecs() {
    specs = copyResources("policy-events", temp.resolve("specs"));
    logs.start();
    publisherLog.addAppender(logs);
  }

  @AfterEach
  void detachLogs() {
    publisherLog.detachAppender(logs);
  }

  @Test
  void topicsCarryWhatTheDefaultAudienceMaySee() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(temp.resolve("kafka"), 0);
        Mesh mesh = Mesh.open(temp.resolve("quanta"))) {
      mesh.lifecycle().deployFiles(List.of(specs.resolve("profile-updates.yaml")));
      mesh.runs().run(PROFILES, "test");
      appendChanges("second-run.csv");
      mesh.runs().run(PROFILES, "test");
      // Every row as written, and the events the audience may see.
      List<Event> written = new ArrayList<>();
      mesh.events().scan(UPDATES, PortDecision.UNRESTRICTED, 0, 100, written::add);
      List<Event> visible = mesh.events().read(UPDATES, EventPublisher.AUDIENCE, 0, 100);
      assertThat(written).hasSize(6);
      assertThat(visible)
          .extracting(Event::offset)
          .isEqualTo(
              written.stream()
                  .filter(event -> Boolean.TRUE.equals(event.value().get("public_profile")))
                  .map(Event::offset)
                  .toList())
          .hasSize(3);

      long audited = mesh.registry().audit().count();
      try (EventPublisher publisher = EventPublisher.start(mesh, kafka.bootstrapServers())) {
        publisher.publishPending();
        List<ConsumerRecord<byte[], byte[]>> records = readTopic(kafka, UPDATES, 6);
        assertThat(records)
            .extracting(ConsumerRecord::offset)
            .containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        SoftAssertions softly = new SoftAssertions();
        int next = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
          softly
              .assertThat(header(record, EventPublisher.OFFSET_HEADER))
              .isEqualTo(String.valueOf(record.offset()));
          if (next < visible.size() && visible.get(next).offset() == record.offset()) {
            Event event = visible.get(next++);
            softly
                .assertThat(json(record.value()))
                .isEqualTo(json(mapper.writeValueAsBytes(event)));
            softly.assertThat((String) event.value().get("email")).matches("[0-9a-f]{64}");
            softly.assertThat(event.eventTime()).endsWith("T00:00:00Z");
            softly.assertThat(record.headers().lastHeader(EventPublisher.HIDDEN_HEADER)).isNull();
          } else {
            softly.assertThat(record.value()).as("hidden %s", record.offset()).isNull();
            softly.assertThat(record.key()).isNull();
            softly.assertThat(header(record, EventPublisher.HIDDEN_HEADER)).isEqualTo("true");
          }
        }
        softly.assertThat(next).isEqualTo(visible.size());
        softly.assertAll();

        // A new run: its events follow, hidden or not, at the offsets of the log.
        Files.writeString(
            specs.resolve("data/changes.csv"),
            "u6,fay@example.com,FR,false,2026-11-04T08:00:00Z\n",
            StandardOpenOption.APPEND);
        mesh.runs().run(PROFILES, "test");
        publisher.publishPending();
        List<ConsumerRecord<byte[], byte[]>> more = readTopic(kafka, UPDATES, 7);
        assertThat(more).hasSize(7);
        assertThat(more.get(6).value()).isNull();
        assertThat(header(more.get(6), EventPublisher.OFFSET_HEADER)).isEqualTo("6");

        // The port refused to the audience is not published, and said so once.
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
          assertThat(admin.listTopics().names().get()).containsExactly(Event.topic(UPDATES));
        }
      }
      assertThat(logs.list)
          .filteredOn(event -> event.getLevel() == Level.WARN)
          .extracting(ILoggingEvent::getFormattedMessage)
          .singleElement()
          .asString()
          .contains(COUNTRIES.toString(), "anonymous", "counts-for-staff");

      // One decision audited per port, however many rounds and events were published.
      List<Map<String, Object>> decisions =
          mesh.registry().audit().newest(100).stream()
              .filter(decision -> ((Number) decision.get("id")).longValue() > audited)
              .toList();
      assertThat(decisions)
          .extracting(
              decision -> decision.get("user_name"),
              decision -> decision.get("mode"),
              decision -> decision.get("port"),
              decision -> decision.get("allowed"))
          .containsExactlyInAnyOrder(
              tuple("anonymous", "events", COUNTRIES.toString(), 0),
              tuple("anonymous", "events", UPDATES.toString(), 1));
    }
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header header = record.headers().lastHeader(name);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
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

  private void appendChanges(String file) throws IOException {
    Files.writeString(
        specs.resolve("data/changes.csv"),
        Files.readString(specs.resolve("data/" + file)),
        StandardOpenOption.APPEND);
  }

  private JsonNode json(byte[] bytes) {
    try {
      return mapper.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path copyResources(String folder, Path target) {
    try {
      Path source =
          Path.of(PolicyEventsKafkaTest.class.getClassLoader().getResource(folder).toURI());
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
}
