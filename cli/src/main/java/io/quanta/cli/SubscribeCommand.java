package io.quanta.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import io.quanta.platform.events.Event;
import io.quanta.platform.events.EventLog;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "subscribe",
    description = {
      "Follow a port's events: one JSON object per line, as runs commit them.",
      "Events come as the port's policies let the CLI's principal see them: masked columns masked, hidden rows left out (their offsets are skipped).",
      "Starts from the beginning of the port's history (or after --after OFFSET) and waits for new events until interrupted, or stops when caught up with --no-follow."
    })
final class SubscribeCommand extends MeshCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "PORT",
      description = "domain/name/port or domain/name:major/port.")
  String port;

  @Option(
      names = "--after",
      defaultValue = "-1",
      paramLabel = "OFFSET",
      description = "Start after this event offset (default: from the first event).")
  long after;

  @Option(names = "--no-follow", description = "Stop once every event there is has been printed.")
  boolean noFollow;

  @Option(names = "--limit", paramLabel = "N", description = "Stop after N events.")
  Long limit;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (limit != null && limit < 1) {
      throw io.quanta.error.QuantaException.invalidRequest(
          "--limit must be at least 1, got " + limit);
    }
    Console console = console();
    ObjectMapper mapper = ApiServer.objectMapper();
    long max = limit == null ? Long.MAX_VALUE : limit;
    try (Mesh mesh = openMesh()) {
      PortArgument.Resolved resolved = PortArgument.resolve(mesh, port);
      long[] printed = {0};
      mesh.events()
          .follow(
              resolved.id(),
              reader(mesh),
              after + 1,
              Duration.ofMillis(200),
              new EventLog.Follower() {
                @Override
                public boolean accept(Event event) throws IOException {
                  console.out().println(mapper.writeValueAsString(event));
                  return ++printed[0] < max;
                }

                @Override
                public boolean caughtUp() {
                  console.out().flush();
                  return !noFollow;
                }
              });
      console.out().flush();
      return 0;
    }
  }
}
