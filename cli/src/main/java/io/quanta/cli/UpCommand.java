package io.quanta.cli;

import io.quanta.platform.Mesh;
import io.quanta.platform.api.ApiServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "up",
    description = {
      "Serve the mesh's HTTP API (/api/v1) until interrupted.",
      "Listens on 127.0.0.1 by default: the API has no authentication yet, so only expose it (--host 0.0.0.0) on a network you trust."
    })
final class UpCommand extends MeshCommand implements Callable<Integer> {
  @Option(
      names = "--port",
      defaultValue = "8080",
      paramLabel = "N",
      description = "HTTP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      paramLabel = "HOST",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    Mesh mesh = openMesh();
    serve(console(), mesh, host, port);
    return 0;
  }

  /** Serves the mesh until the process is interrupted, then closes it. */
  static void serve(Console console, Mesh mesh, String host, int port) throws InterruptedException {
    ApiServer server = ApiServer.start(mesh, host, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  mesh.close();
                  stopped.countDown();
                },
                "quanta-shutdown"));
    String base = "http://" + (host.equals("0.0.0.0") ? "localhost" : host) + ":" + server.port();
    console.println("Quanta API on " + base + "/api/v1   (data: " + mesh.dataDir() + ")");
    console.println("  curl " + base + "/api/v1/products");
    console.println("Press Ctrl-C to stop.");
    stopped.await();
  }
}
