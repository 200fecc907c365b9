package io.quanta.cli;

import io.quanta.events.EmbeddedKafka;
import io.quanta.events.EventPublisher;
import io.quanta.flight.FlightSqlServer;
import io.quanta.platform.Mesh;
import io.quanta.platform.MeshConfig;
import io.quanta.platform.PeriodicTask;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.governance.AuditProduct;
import io.quanta.platform.schedule.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code quanta up} runs besides the mesh: the HTTP API, Kafka (the embedded broker unless the
 * mesh config names a cluster) with the event publisher, the Flight SQL server, the refresh of the
 * access audit product, the dropping of retired versions' tables after their retention, and the
 * scheduler that runs products on their schedules. Closes them in reverse order.
 */
final class Services implements AutoCloseable {
  private final List<AutoCloseable> started = new ArrayList<>();
  private ApiServer api;
  private String kafka;
  private FlightSqlServer flight;

  /** Starts everything; on a failure, stops what was started and rethrows. */
  static Services start(Mesh mesh, String host, int httpPort) {
    Services services = new Services();
    try {
      MeshConfig config = mesh.config();
      if (config.externalKafka()) {
        services.kafka = config.kafka();
      } else {
        EmbeddedKafka broker =
            EmbeddedKafka.start(mesh.dataDir().resolve("kafka"), config.kafkaEmbeddedPort());
        services.started.add(broker);
        services.kafka = broker.bootstrapServers();
      }
      EventPublisher publisher = EventPublisher.start(mesh, services.kafka);
      services.started.add(publisher);
      mesh.runs().onCommit(run -> publisher.publishNow());
      services.api = ApiServer.start(mesh, host, httpPort);
      services.started.add(services.api);
      services.flight = FlightSqlServer.start(mesh, host, config.flightPort());
      services.started.add(services.flight);
      services.started.add(
          PeriodicTask.start(
              "quanta-audit-refresh",
              "refresh " + AuditProduct.ID,
              Duration.ofSeconds(5),
              Duration.ofMinutes(1),
              () -> AuditProduct.refresh(mesh)));
      services.started.add(
          PeriodicTask.start(
              "quanta-retention",
              "drop the tables of retired versions",
              Duration.ZERO,
              Duration.ofHours(1),
              mesh.deprecations()::dropExpiredTables));
      services.started.add(Scheduler.start(mesh));
      services.started.add(
          PeriodicTask.start(
              "quanta-slo-monitor",
              "check the products' objectives",
              Duration.ofSeconds(5),
              Duration.ofMinutes(1),
              mesh.monitor()::checkOnce));
      return services;
    } catch (RuntimeException e) {
      services.close();
      throw e;
    }
  }

  ApiServer api() {
    return api;
  }

  String kafka() {
    return kafka;
  }

  FlightSqlServer flight() {
    return flight;
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (Exception e) {
        // keep stopping the others
      }
    }
    started.clear();
  }
}
