package io.quanta.platform.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import io.quanta.error.QuantaException;
import io.quanta.platform.Mesh;
import io.quanta.platform.events.Event;
import io.quanta.platform.events.EventLog;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The events port over HTTP: {@code GET .../ports/{port}/events?after=OFFSET} streams the port's
 * events as newline-delimited JSON, from the beginning of its history for a new consumer, then
 * holds the connection open and sends new events as runs commit. {@code follow=false} stops once
 * caught up; {@code limit=N} after N events. Blank lines are keep-alives.
 *
 * <p>The request's reader gets the events as the port's policies let it see them: a refused reader
 * gets {@code 403} before any event, masked columns come masked, and rows hidden from it are left
 * out (the offsets of the events it gets keep their gaps).
 */
final class EventRoutes {
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final Mesh mesh;
  private final ObjectMapper mapper;

  EventRoutes(Mesh mesh, ObjectMapper mapper) {
    this.mesh = mesh;
    this.mapper = mapper;
  }

  void register(JavalinDefaultRoutingApi routes) {
    routes.get(PortRoutes.PORT_PATH + "/events", this::events);
  }

  private void events(Context context) throws IOException, InterruptedException {
    PortRoutes.ResolvedPort port = PortRoutes.resolve(mesh, context);
    long after = longParam(context, "after", -1);
    long limit = longParam(context, "limit", Long.MAX_VALUE);
    boolean follow = !"false".equalsIgnoreCase(context.queryParam("follow"));
    if (limit < 1) {
      throw QuantaException.invalidRequest("limit must be at least 1, got " + limit);
    }
    long[] sent = {0};
    long[] lastWrite = {System.nanoTime()};
    OutputStream out = context.res().getOutputStream(); // commits nothing until written to
    // A refused reader gets 403 from follow, before anything of the stream is sent.
    mesh.events()
        .follow(
            port.id(),
            ApiPrincipal.reader(context),
            after + 1,
            POLL,
            new EventLog.Follower() {
              @Override
              public void started(long endOffset) {
                context.contentType("application/x-ndjson");
                context.header("X-Quanta-End-Offset", String.valueOf(endOffset));
              }

              @Override
              public boolean accept(Event event) throws IOException {
                out.write(mapper.writeValueAsBytes(event));
                out.write('\n');
                lastWrite[0] = System.nanoTime();
                return ++sent[0] < limit;
              }

              @Override
              public boolean caughtUp() throws IOException {
                out.flush();
                if (!follow) {
                  return false;
                }
                if (System.nanoTime() - lastWrite[0] > KEEP_ALIVE.toNanos()) {
                  // Writing is how a closed connection shows; a blank line carries no event.
                  out.write("\n".getBytes(StandardCharsets.UTF_8));
                  out.flush();
                  lastWrite[0] = System.nanoTime();
                }
                return true;
              }
            });
    out.flush();
  }

  private static long longParam(Context context, String name, long fallback) {
    String value = context.queryParam(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw QuantaException.invalidRequest(name + " must be a number, got '" + value + "'");
    }
  }
}
