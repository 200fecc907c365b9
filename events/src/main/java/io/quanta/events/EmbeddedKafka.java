package io.quanta.events;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka cluster in this JVM: one KRaft server that is both broker and controller,
 * listening on the loopback address only, with its logs in a folder that survives restarts. The
 * folder is formatted (given a cluster id) the first time; later starts reopen it, so topics and
 * their records are kept.
 *
 * <p>The broker listens in plaintext on the given port; the controller on a free port of its own,
 * chosen at each start (the quorum is static, declared by the configuration, so it may move).
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final int NODE_ID = 1;
  private static final String HOST = "127.0.0.1";
  private static final String BROKER_LISTENER = "PLAINTEXT";
  private static final String CONTROLLER_LISTENER = "CONTROLLER";

  /** Written by formatting: a folder that has it is a formatted log directory. */
  private static final String META_PROPERTIES = "meta.properties";

  private final KafkaRaftServer server;
  private final int port;
  private boolean closed;

  private EmbeddedKafka(KafkaRaftServer server, int port) {
    this.server = server;
    this.port = port;
  }

  /**
   * Starts (formatting the folder on first use) a single-node KRaft broker listening on {@code
   * 127.0.0.1:port}; returns once the broker accepts clients.
   *
   * @param folder the log directory, created if needed
   * @param port the broker's port, 0 for a free one
   * @throws IllegalStateException if the broker cannot start (the port is taken, another broker
   *     uses the folder)
   */
  public static EmbeddedKafka start(Path folder, int port) {
    requireNonNull(folder, "folder is null");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, got " + port);
    }
    Path logDir = folder.toAbsolutePath().normalize();
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the Kafka folder " + logDir, e);
    }
    int brokerPort = port == 0 ? freePort() : port;
    int controllerPort = freePort();
    Properties properties = configuration(logDir, brokerPort, controllerPort);
    KafkaConfig config = KafkaConfig.fromProps(properties, false);
    if (!Files.exists(logDir.resolve(META_PROPERTIES))) {
      format(logDir);
    }
    long started = System.nanoTime();
    KafkaRaftServer server;
    try {
      server = new KafkaRaftServer(config, Time.SYSTEM);
    } catch (RuntimeException e) {
      throw cannotStart(logDir, brokerPort, e);
    }
    try {
      // Returns once the broker has registered with the controller and been unfenced.
      server.startup();
    } catch (RuntimeException e) {
      IllegalStateException failure = cannotStart(logDir, brokerPort, e);
      try {
        stop(server);
      } catch (RuntimeException stopFailure) {
        failure.addSuppressed(stopFailure);
      }
      throw failure;
    }
    LOG.info(
        "Kafka broker on {}:{} ({}) started in {} ms",
        HOST,
        brokerPort,
        logDir,
        (System.nanoTime() - started) / 1_000_000);
    return new EmbeddedKafka(server, brokerPort);
  }

  /** Where clients connect: {@code 127.0.0.1:port}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** Stops the broker cleanly (its logs are flushed and closed) and releases its ports. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop(server);
  }

  private static IllegalStateException cannotStart(Path logDir, int port, RuntimeException cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String reason =
        root == cause ? cause.getMessage() : cause.getMessage() + ": " + root.getMessage();
    return new IllegalStateException(
        "Cannot start the embedded Kafka broker on "
            + HOST
            + ":"
            + port
            + " ("
            + logDir
            + "): "
            + reason,
        cause);
  }

  private static void stop(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  private static Properties configuration(Path logDir, int brokerPort, int controllerPort) {
    Properties properties = new Properties();
    properties.put("process.roles", "broker,controller");
    properties.put("node.id", String.valueOf(NODE_ID));
    properties.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    properties.put(
        "listeners",
        BROKER_LISTENER
            + "://"
            + HOST
            + ":"
            + brokerPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    properties.put("advertised.listeners", BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
    properties.put(
        "listener.security.protocol.map",
        BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    properties.put("controller.listener.names", CONTROLLER_LISTENER);
    properties.put("inter.broker.listener.name", BROKER_LISTENER);
    properties.put("log.dirs", logDir.toString());
    // One node: every internal topic has one replica.
    properties.put("offsets.topic.replication.factor", "1");
    properties.put("offsets.topic.num.partitions", "1");
    properties.put("transaction.state.log.replication.factor", "1");
    properties.put("transaction.state.log.min.isr", "1");
    properties.put("transaction.state.log.num.partitions", "1");
    properties.put("share.coordinator.state.topic.replication.factor", "1");
    properties.put("share.coordinator.state.topic.min.isr", "1");
    properties.put("default.replication.factor", "1");
    properties.put("min.insync.replicas", "1");
    properties.put("num.partitions", "1");
    properties.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created on purpose, with their retention; a typo must not create one.
    properties.put("auto.create.topics.enable", "false");
    properties.put("num.network.threads", "2");
    properties.put("num.io.threads", "2");
    properties.put("background.threads", "2");
    properties.put("log.cleaner.threads", "1");
    properties.put("num.recovery.threads.per.data.dir", "1");
    return properties;
  }

  /**
   * Formats the log directory as {@code kafka-storage format --cluster-id <random>} would, for a
   * static single-voter quorum (no dynamic controller membership, so the controller's port may
   * change between starts).
   */
  private static void format(Path logDir) {
    Formatter formatter =
        new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setNodeId(NODE_ID)
            .setClusterId(Uuid.randomUuid().toString())
            .setControllerListenerName(CONTROLLER_LISTENER)
            .setMetadataLogDirectory(logDir.toString())
            .addDirectory(logDir.toString());
    try {
      formatter.run();
    } catch (Exception e) {
      throw new IllegalStateException(
          "Cannot format the Kafka folder " + logDir + ": " + e.getMessage(), e);
    }
    LOG.info("Formatted the Kafka folder {} (cluster {})", logDir, formatter.clusterId());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
    }
  }
}
