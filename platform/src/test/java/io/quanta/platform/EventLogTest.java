package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.governance.Principal;
import io.quanta.governance.Reader;
import io.quanta.platform.events.Event;
import io.quanta.platform.events.EventLog;
import io.quanta.spec.PortId;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A port's events: offsets across runs, reading from any offset, streaming, following. */
class EventLogTest {
  private static final ProductId PLAYS = ProductId.of("podcasts", "play-events", 1);
  private static final PortId EVENTS = PLAYS.port("events");
  private static final Reader READER = Reader.of(Principal.user("test"));

  @TempDir Path temp;
  private Path specs;

  @BeforeEach
  void copySpecs() {
    specs = TestMeshes.copy("mesh", temp.resolve("specs"));
  }

  @Test
  void offsetsRunAcrossRunsAndAnyOffsetIsAStart() throws IOException {
    try (Mesh mesh = Mesh.open(temp.resolve("quanta"))) {
      mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "play-events"));
      mesh.runs().run(PLAYS, "test");
      appendPlays("u3,p2,2026-11-03T08:00:00Z\nu4,p1,2026-11-03T09:00:00Z\n");
      mesh.runs().run(PLAYS, "test");

      EventLog log = mesh.events();
      assertThat(log.endOffset(EVENTS)).isEqualTo(5);
      List<Event> all = log.read(EVENTS, READER, 0, 100);
      assertThat(all).extracting(Event::offset).containsExactly(0L, 1L, 2L, 3L, 4L);
      assertThat(all)
          .extracting(event -> event.value().get("user_id"))
          .containsExactly("u1", "u2", "u1", "u3", "u4");
      // From the middle of the first run's file, across into the second run's, bounded by max.
      assertThat(log.read(EVENTS, READER, 1, 3))
          .extracting(Event::offset, event -> event.value().get("user_id"))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1L, "u2"),
              org.assertj.core.groups.Tuple.tuple(2L, "u1"),
              org.assertj.core.groups.Tuple.tuple(3L, "u3"));
      assertThat(log.read(EVENTS, READER, 4, 100)).extracting(Event::offset).containsExactly(4L);
      assertThat(log.read(EVENTS, READER, 5, 100)).isEmpty();
      assertThat(log.read(EVENTS, READER, 0, 100)).isEqualTo(all); // the same events every time

      // A scan stops where its sink says, and says where to go on from.
      List<Event> taken = new ArrayList<>();
      long next = log.scan(EVENTS, READER, 0, 100, event -> taken.add(event) && taken.size() < 2);
      assertThat(taken).extracting(Event::offset).containsExactly(0L, 1L);
      assertThat(next).isEqualTo(2);
      assertThat(log.scan(EVENTS, READER, next, 100, event -> true)).isEqualTo(5);
    }
  }

  @Test
  void aFollowerGetsTheEventsOfANewRun() throws Exception {
    try (Mesh mesh = Mesh.open(temp.resolve("quanta"))) {
      mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "play-events"));
      mesh.runs().run(PLAYS, "test");
      BlockingQueue<Event> received = new LinkedBlockingQueue<>();
      AtomicBoolean stop = new AtomicBoolean();
      // A poll far longer than the test: only the commit's wake-up can deliver the new event.
      Thread follower =
          new Thread(
              () -> {
                try {
                  mesh.events()
                      .follow(
                          EVENTS,
                          READER,
                          3,
                          Duration.ofHours(1),
                          new EventLog.Follower() {
                            @Override
                            public boolean accept(Event event) {
                              received.add(event);
                              return true;
                            }

                            @Override
                            public boolean caughtUp() {
                              return !stop.get();
                            }
                          });
                } catch (IOException | InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      follower.start();
      appendPlays("u5,p2,2026-11-04T08:00:00Z\n");
      mesh.runs().run(PLAYS, "test");

      Event event = received.poll(60, TimeUnit.SECONDS);
      assertThat(event).isNotNull();
      assertThat(event.offset()).isEqualTo(3);
      assertThat(event.value().get("user_id")).isEqualTo("u5");
      stop.set(true);
      mesh.events().committed();
      follower.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(follower.isAlive()).isFalse();
      assertThat(received).isEmpty();
    }
  }

  private void appendPlays(String lines) throws IOException {
    Files.writeString(specs.resolve("data/plays.csv"), lines, StandardOpenOption.APPEND);
  }
}
