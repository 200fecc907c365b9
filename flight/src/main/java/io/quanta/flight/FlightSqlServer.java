package io.quanta.flight;

import static java.util.Objects.requireNonNull;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.auth.Authenticator;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Level;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mesh's SQL port over Arrow Flight SQL, for BI tools and the Flight SQL JDBC driver: every
 * deployed output port is a table named as {@code quanta query} names it ({@code
 * <domain>.<product>.<port>}, or {@code <domain>.<product>_v<major>.<port>} pinned to a major
 * version, '-' written as '_'), listed as catalog (domain), schema (product) and table (port).
 *
 * <p>Queries are SELECTs over ports, joins across products included, checked and run by the mesh's
 * SQL port exactly as {@code quanta query} runs them: every port read as of one processing time, in
 * a fresh locked-down DuckDB session, with its timeout. Results stream to the client as DuckDB's
 * own Arrow batches. A connection reads as of a past time with the {@code asof} property, and every
 * row ever written with {@code history=true} (see {@link ConnectionSettings}):
 *
 * <pre>
 *   jdbc:arrow-flight-sql://localhost:31337/?useEncryption=false&amp;asof=2026-11-21T10:15:00Z
 * </pre>
 *
 * <p>The server is read-only. Every call is authenticated from the connection's {@code token=}
 * ({@link FlightPrincipal}). Connections are plain gRPC, without TLS, so tokens cross the network
 * in clear: it should listen on a loopback address unless the network is trusted. Closing the
 * server stops it and releases its memory.
 */
public final class FlightSqlServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FlightSqlServer.class);

  /**
   * gRPC logs through java.util.logging (Netty through SLF4J when it is there, else the same):
   * warnings and errors only, and not the warning with a stack trace gRPC writes each time a client
   * stops reading a stream early, which JDBC clients do whenever they close a result set. Kept
   * here, since java.util.logging holds its loggers weakly and would forget the levels.
   */
  private static final Map<java.util.logging.Logger, Level> QUIET_LIBRARIES =
      Map.of(
          java.util.logging.Logger.getLogger("io.grpc"), Level.WARNING,
          java.util.logging.Logger.getLogger("io.netty"), Level.WARNING,
          java.util.logging.Logger.getLogger("io.grpc.netty.NettyServerHandler"), Level.SEVERE);

  /** How long closing waits for the streams the shutdown cancelled to end. */
  private static final Duration STREAMS_END = Duration.ofSeconds(10);

  private final BufferAllocator allocator;
  private final MeshFlightSqlProducer producer;
  private final FlightServer server;
  private final String host;
  private boolean closed;

  private FlightSqlServer(
      BufferAllocator allocator, MeshFlightSqlProducer producer, FlightServer server, String host) {
    this.allocator = allocator;
    this.producer = producer;
    this.server = server;
    this.host = host;
  }

  /**
   * Starts the server for the mesh on host:port (0 = any free port), authenticating calls as the
   * mesh's config says.
   *
   * @throws QuantaException {@code CONFLICT} when the address cannot be bound (the port is taken,
   *     or the host is not an address of this machine)
   */
  public static FlightSqlServer start(Mesh mesh, String host, int port) {
    requireNonNull(mesh, "mesh is null");
    return start(mesh, Authenticator.create(mesh.registry(), mesh.config()), host, port);
  }

  /**
   * Starts the server for the mesh on host:port (0 = any free port).
   *
   * @param authenticator says who each call comes from (see {@link FlightPrincipal})
   * @throws QuantaException {@code CONFLICT} when the address cannot be bound (the port is taken,
   *     or the host is not an address of this machine)
   */
  public static FlightSqlServer start(
      Mesh mesh, Authenticator authenticator, String host, int port) {
    requireNonNull(mesh, "mesh is null");
    requireNonNull(authenticator, "authenticator is null");
    requireNonNull(host, "host is null");
    if (port < 0 || port > 65535) {
      throw QuantaException.invalidRequest(
          "port " + port + " is not a TCP port: use 1 to 65535, or 0 for any free port");
    }
    QUIET_LIBRARIES.forEach(java.util.logging.Logger::setLevel);
    BufferAllocator allocator = new RootAllocator();
    MeshFlightSqlProducer producer = new MeshFlightSqlProducer(mesh, allocator);
    FlightServer server =
        FlightServer.builder(allocator, Location.forGrpcInsecure(host, port), producer)
            .middleware(FlightPrincipal.KEY, new FlightPrincipal.Factory(authenticator))
            .build();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      closeQuietly(server);
      producer.close();
      allocator.close();
      throw new QuantaException(
          ErrorCode.CONFLICT,
          "Cannot serve Flight SQL on "
              + host
              + ":"
              + port
              + ": "
              + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())
              + " (is the port in use, or the host not an address of this machine?)");
    }
    FlightSqlServer started = new FlightSqlServer(allocator, producer, server, host);
    LOG.info("Flight SQL port listening: {}", started.jdbcUrl());
    return started;
  }

  /** The port the server listens on. */
  public int port() {
    return server.getPort();
  }

  /**
   * The JDBC URL users paste into their tool, e.g. {@code
   * jdbc:arrow-flight-sql://localhost:31337/?useEncryption=false}. A server listening on every
   * interface is reached on {@code localhost} from this machine. The URL holds no credentials: a
   * client adds {@code &token=...} (or a {@code token} connection property).
   */
  public String jdbcUrl() {
    String address = host;
    if (address.isEmpty() || address.equals("0.0.0.0") || address.equals("::")) {
      address = "localhost";
    } else if (address.contains(":") && !address.startsWith("[")) {
      address = "[" + address + "]";
    }
    return "jdbc:arrow-flight-sql://" + address + ":" + port() + "/?useEncryption=false";
  }

  /** Bytes of Arrow memory the server holds now; none once every stream has finished. */
  long allocatedBytes() {
    return allocator.getAllocatedMemory();
  }

  /** Stops accepting calls, ends the running ones and releases the server's memory. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(server);
    if (!producer.awaitStreams(STREAMS_END)) {
      // A query still running in DuckDB ends with its timeout; its buffers go with it.
      LOG.warn("Flight SQL port closed while queries were still running");
      return;
    }
    try {
      allocator.close();
    } catch (IllegalStateException e) {
      LOG.warn("Flight SQL port closed with Arrow memory still in use: {}", e.getMessage());
    }
  }

  private static void closeQuietly(FlightServer server) {
    try {
      server.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
