package io.quanta.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanta.engine.ResultColumn;
import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.Mesh;
import io.quanta.platform.registry.RunRecord;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.ports.sql.ResultSink;
import io.quanta.spec.ProductId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream input port through runs of a real mesh and a real broker: each run reads what the
 * topic got since the last committed run, and a failed run moves no offset.
 */
class KafkaInputTest {
  private static final ProductId CLICKS = ProductId.of("web", "clicks", 1);
  private static final String TOPIC = "web.clicks";
  private static final Reader READER = Reader.of(Principal.user("tester"));

  @TempDir Path temp;
  private EmbeddedKafka kafka;
  private Path spec;

  @BeforeEach
  void start() throws Exception {
    kafka = EmbeddedKafka.start(temp.resolve("kafka"), 0);
    String text =
        new String(
            KafkaInputTest.class
                .getClassLoader()
                .getResourceAsStream("kafka-input/clicks.yaml")
                .readAllBytes(),
            StandardCharsets.UTF_8);
    spec = temp.resolve("clicks.yaml");
    Files.writeString(spec, text.replace("${BOOTSTRAP_SERVERS}", kafka.bootstrapServers()));
  }

  @AfterEach
  void stop() {
    kafka.close();
  }

  @Test
  void eachRunReadsWhatTheTopicGotSinceTheLastCommittedRun() throws Exception {
    createTopic();
    send(
        click("u1", "/home", "10:00"),
        click("u2", "/pricing", "10:05"),
        click("u1", "/docs", "10:07"));
    try (Mesh mesh = Mesh.open(temp.resolve("quanta"))) {
      mesh.lifecycle().deployFiles(List.of(spec));
      RunRecord first = mesh.runs().run(CLICKS, "test");
      assertThat(first.ports().get(0).rowsAdded()).isEqualTo(3);
      assertThat(first.inputs().get(0).watermark()).contains("{\"0\":3}");

      send(click("u3", "/home", "11:00"), click("u2", "/signup", "11:02"));
      assertThat(mesh.runs().run(CLICKS, "test").ports().get(0).rowsAdded()).isEqualTo(2);
      assertThat(mesh.runs().run(CLICKS, "test").rowsWritten()).isZero();
      assertThat(pages(mesh)).containsExactly("/docs", "/home", "/home", "/pricing", "/signup");
    }
  }

  @Test
  void aMalformedRecordFailsTheRunWhereItIsAndCommitsNothing() throws Exception {
    createTopic();
    send(click("u1", "/home", "10:00"));
    try (Mesh mesh = Mesh.open(temp.resolve("quanta"))) {
      mesh.lifecycle().deployFiles(List.of(spec));
      mesh.runs().run(CLICKS, "test");

      send(click("u2", "/pricing", "10:05"), "not json");
      assertThatThrownBy(() -> mesh.runs().run(CLICKS, "test"))
          .isInstanceOfSatisfying(
              QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RUN_FAILED))
          .hasMessageContaining("input 'clicks': record web.clicks-0@2 is not JSON");
      // Nothing of the failed run is visible, not even the good record before the bad one.
      assertThat(pages(mesh)).containsExactly("/home");
      assertThat(mesh.registry().runs().list(CLICKS, 1).get(0).state().text()).isEqualTo("failed");
    }
  }

  @Test
  void aRecordThatDoesNotMatchTheSchemaFailsTheRunNamingTheField() throws Exception {
    createTopic();
    send("{\"user_id\": \"u1\", \"page\": \"/home\", \"clicked_at\": \"yesterday\"}");
    try (Mesh mesh = Mesh.open(temp.resolve("quanta"))) {
      mesh.lifecycle().deployFiles(List.of(spec));
      assertThatThrownBy(() -> mesh.runs().run(CLICKS, "test"))
          .isInstanceOfSatisfying(
              QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RUN_FAILED))
          .hasMessageContaining(
              "input 'clicks': record web.clicks-0@0 does not match the schema: field 'clicked_at' is not a timestamp")
          .hasMessageNotContaining("yesterday");
    }
  }

  @Test
  void aMissingTopicFailsTheRunAndTheRetryReadsEverything() throws Exception {
    try (Mesh mesh = Mesh.open(temp.resolve("quanta"))) {
      mesh.lifecycle().deployFiles(List.of(spec));
      assertThatThrownBy(() -> mesh.runs().run(CLICKS, "test"))
          .isInstanceOfSatisfying(
              QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RUN_FAILED))
          .hasMessageContaining(
              "input 'clicks': topic 'web.clicks' does not exist on " + kafka.bootstrapServers());

      createTopic();
      send(click("u1", "/home", "10:00"), click("u2", "/pricing", "10:05"));
      assertThat(mesh.runs().run(CLICKS, "test").ports().get(0).rowsAdded()).isEqualTo(2);
      assertThat(pages(mesh)).containsExactly("/home", "/pricing");
    }
  }

  private static String click(String user, String page, String time) {
    return "{\"user_id\": \""
        + user
        + "\", \"page\": \""
        + page
        + "\", \"clicked_at\": \"2026-11-01T"
        + time
        + ":00Z\"}";
  }

  private void createTopic() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin
          .createTopics(List.of(new NewTopic(TOPIC, Optional.of(1), Optional.empty())))
          .all()
          .get();
    }
  }

  private void send(String... values) throws Exception {
    Map<String, Object> settings =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings)) {
      for (String value : values) {
        producer.send(new ProducerRecord<>(TOPIC, value)).get();
      }
    }
  }

  /** The pages of the clicks port, in order. */
  private static List<String> pages(Mesh mesh) {
    List<String> pages = new ArrayList<>();
    mesh.queries()
        .query(
            READER,
            "SELECT page FROM web.clicks.clicks ORDER BY page",
            ReadOptions.LATEST,
            new ResultSink() {
              @Override
              public void columns(List<ResultColumn> columns) {}

              @Override
              public boolean row(List<Object> values) {
                pages.add((String) values.get(0));
                return true;
              }
            });
    return pages;
  }
}
