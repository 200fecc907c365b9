package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.catalog.search.MatchedField;
import io.quanta.catalog.search.SearchFacet;
import io.quanta.catalog.search.SearchHit;
import io.quanta.catalog.search.SearchQuery;
import io.quanta.catalog.search.SearchResult;
import io.quanta.platform.discovery.SearchService;
import io.quanta.platform.lifecycle.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The mesh's search index follows what is deployed, in every process on the data folder. */
class SearchServiceTest {
  @TempDir Path temp;
  private Path specs;
  private Path dataDir;
  private Mesh mesh;

  @BeforeEach
  void open() {
    specs = TestMeshes.copy("mesh", temp.resolve("specs"));
    dataDir = temp.resolve("quanta");
    mesh = Mesh.open(dataDir);
  }

  @AfterEach
  void close() {
    mesh.close();
  }

  @Test
  void aDeployedProductIsFoundRightAfterItsDeploy() {
    assertThat(mesh.search().search(SearchQuery.browse()).total()).isZero();

    mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "podcast-catalog", "play-events"));
    assertThat(names(mesh.search().search(SearchQuery.text("podcst"))))
        .startsWith("podcasts/podcast-catalog:1");

    mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "top-podcasts"));
    SearchResult found = mesh.search().search(SearchQuery.text("episode share"));
    assertThat(names(found)).startsWith("podcasts/top-podcasts:1");
    SearchHit hit = found.hits().get(0);
    assertThat(hit.matched()).isEqualTo(MatchedField.PORT);
    assertThat(hit.port()).contains("episode-share");
    assertThat(hit.document().owner()).isEqualTo("marketing@example.com");
    assertThat(hit.document().state()).isEqualTo("active");
    // As the discovery port says: top-podcasts declares no SLO.
    assertThat(hit.document().sloStatus()).isEqualTo("none-declared");
  }

  @Test
  void anUnchangedRedeployDoesNotDuplicateAndANewVersionReplacesTheOld() throws IOException {
    List<Path> files = TestMeshes.specs(specs, "podcast-catalog", "play-events", "top-podcasts");
    mesh.lifecycle().deployFiles(files);
    List<Deployment> again = mesh.lifecycle().deployFiles(files);
    assertThat(again).extracting(Deployment::change).containsOnly(Deployment.Change.UNCHANGED);

    SearchResult all = mesh.search().search(SearchQuery.browse());
    assertThat(all.total()).isEqualTo(3);
    assertThat(names(all))
        .containsExactly(
            "podcasts/play-events:1", "podcasts/podcast-catalog:1", "podcasts/top-podcasts:1");

    Path catalog = specs.resolve("podcast-catalog.yaml");
    Files.writeString(
        catalog,
        Files.readString(catalog)
            .replace("version: 1.0.0", "version: 1.1.0")
            .replace(
                "description: Every podcast with its title and release date.",
                "description: Every podcast with its title, release date and episode count."));
    mesh.lifecycle().deployFiles(List.of(catalog));

    SearchResult count = mesh.search().search(SearchQuery.text("count"));
    assertThat(names(count)).containsExactly("podcasts/podcast-catalog:1");
    assertThat(count.hits().get(0).document().version()).isEqualTo("1.1.0");
    assertThat(mesh.search().search(SearchQuery.browse()).total()).isEqualTo(3);
  }

  @Test
  void rebuildsFromTheRegistryWhenTheIndexFolderIsDeleted() throws IOException {
    mesh.lifecycle()
        .deployFiles(TestMeshes.specs(specs, "podcast-catalog", "play-events", "top-podcasts"));
    mesh.close();
    deleteRecursively(dataDir.resolve(SearchService.FOLDER));

    mesh = Mesh.open(dataDir);
    SearchResult all = mesh.search().search(SearchQuery.browse());
    assertThat(all.total()).isEqualTo(3);
    assertThat(all.facet(SearchFacet.DOMAIN))
        .singleElement()
        .satisfies(count -> assertThat(count.count()).isEqualTo(3));

    // Deleted while the mesh is open, too.
    deleteRecursively(dataDir.resolve(SearchService.FOLDER));
    assertThat(names(mesh.search().search(SearchQuery.text("top podcasts"))))
        .startsWith("podcasts/top-podcasts:1");
  }

  @Test
  void aSecondMeshOnTheSameFolderSeesTheFirstOnesDeploys() {
    mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "podcast-catalog", "play-events"));
    try (Mesh other = Mesh.open(dataDir)) {
      assertThat(other.search().search(SearchQuery.browse()).total()).isEqualTo(2);

      mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "top-podcasts"));

      assertThat(names(other.search().search(SearchQuery.text("top-podcasts"))))
          .startsWith("podcasts/top-podcasts:1");
      assertThat(other.search().search(SearchQuery.browse()).total()).isEqualTo(3);
    }
  }

  private static List<String> names(SearchResult result) {
    return result.hits().stream().map(hit -> hit.document().product().toString()).toList();
  }

  private static void deleteRecursively(Path folder) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
