package io.quanta.flight;

import io.quanta.governance.Principal;
import io.quanta.platform.Mesh;
import io.quanta.platform.auth.TokenService;
import io.quanta.spec.ProductId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** The test mesh: three podcast products, copied into a temp folder where tests may change data. */
final class TestMeshes {
  static final ProductId PLAYS = ProductId.of("podcasts", "play-events", 1);
  static final ProductId CATALOG = ProductId.of("podcasts", "podcast-catalog", 1);
  static final ProductId TOP = ProductId.of("podcasts", "top-podcasts", 1);

  /** The user the tests connect as. */
  static final String USER = "tester";

  private TestMeshes() {}

  /**
   * Copies the specs and their data into the folder, opens a mesh beside them, deploys and runs.
   */
  static Mesh deployedAndRun(Path folder) {
    return deployedAndRun(folder, specs -> {});
  }

  /** As {@link #deployedAndRun(Path)}, after letting the test edit the copied specs. */
  static Mesh deployedAndRun(Path folder, java.util.function.Consumer<Path> editSpecs) {
    Path specs = copy("mesh", folder.resolve("specs"));
    editSpecs.accept(specs);
    Mesh mesh = Mesh.open(folder.resolve("quanta"));
    mesh.lifecycle()
        .deployFiles(
            Stream.of("play-events", "podcast-catalog", "top-podcasts")
                .map(name -> specs.resolve(name + ".yaml"))
                .toList());
    mesh.runs().runAll(List.of(PLAYS, CATALOG, TOP), "test");
    return mesh;
  }

  /** A new token of {@link #USER}, as {@code quanta token create --user tester} makes one. */
  static String token(Mesh mesh) {
    return new TokenService(mesh.registry().tokens(), Clock.systemUTC())
        .create(Principal.user(USER), "flight tests", Optional.empty())
        .token();
  }

  /** The server's JDBC URL with a new token of {@link #USER}. */
  static String url(Mesh mesh, FlightSqlServer server) {
    return server.jdbcUrl() + "&token=" + token(mesh);
  }

  static Path specs(Path folder) {
    return folder.resolve("specs");
  }

  private static Path copy(String resourceFolder, Path target) {
    try {
      Path source = Path.of(TestMeshes.class.getClassLoader().getResource(resourceFolder).toURI());
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
