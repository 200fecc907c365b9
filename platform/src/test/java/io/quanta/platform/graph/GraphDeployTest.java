package io.quanta.platform.graph;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.catalog.graph.BrokenLink;
import io.quanta.catalog.graph.Direction;
import io.quanta.catalog.graph.LineageView;
import io.quanta.error.Problem;
import io.quanta.platform.Mesh;
import io.quanta.platform.lifecycle.Validation;
import io.quanta.spec.ProductRef;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links that stop holding when a product changes: a warning when the change is deployed (not an
 * error), and a broken link of the knowledge graph once it is. Changing the column a link points at
 * is a breaking change, refused within a major version, which the links pin.
 */
class GraphDeployTest {
  @TempDir Path temp;
  private Path folder;
  private Mesh mesh;

  @BeforeEach
  void deployTheExampleMesh() {
    List<Path> specs = GraphExampleMesh.copy(temp.resolve("podcasts"));
    folder = temp.resolve("podcasts");
    mesh = Mesh.open(temp.resolve("quanta"));
    mesh.lifecycle().deployFiles(specs);
    assertThat(mesh.graph().brokenLinks()).isEmpty();
  }

  @AfterEach
  void close() {
    mesh.close();
  }

  @Test
  void relabelingALinkedColumnIsRefusedWithinAMajorVersionAndWarnsOfTheLinksItWouldBreak() {
    // The catalog's owner relabels podcast_id: a semantic type changed is a breaking change.
    Path catalog = folder.resolve("podcast-catalog.yaml");
    GraphExampleMesh.edit(catalog, "version: 1.0.0", "version: 1.1.0");
    GraphExampleMesh.edit(
        catalog,
        "      - name: podcast_id\n        type: string\n        semantic: podcast-id",
        "      - name: podcast_id\n        type: string\n        semantic: artist-id");

    Validation validation = mesh.lifecycle().validateFiles(List.of(catalog));

    assertThat(validation.errors())
        .extracting(Problem::path, Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "outputs[0].schema[0].semantic",
                "port 'podcasts': semantic type of 'podcast_id' changed from podcast-id to"
                    + " artist-id: a breaking change needs a new major version (2.0.0, served"
                    + " beside 1); it would hit artists/emerging-artists:1 (reading"
                    + " podcasts/podcast-catalog:1/podcasts), podcasts/top-podcasts-daily:1"
                    + " (reading podcasts/podcast-catalog:1/podcasts)"));
    assertThat(validation.warnings())
        .extracting(Problem::path, Problem::message)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "outputs[0].schema[0]",
                "deployed column podcasts/play-events:1/events.podcast_id links to this column:"
                    + " deploying this breaks the link, it holds podcast-id and this column would"
                    + " hold artist-id"));
    assertThat(validation.warnings())
        .allSatisfy(warning -> assertThat(warning.file()).endsWith("podcast-catalog.yaml"));

    // As a new major version it deploys beside major 1, which the links pin: they still hold.
    GraphExampleMesh.edit(catalog, "version: 1.1.0", "version: 2.0.0");
    mesh.lifecycle().deployFiles(List.of(catalog));

    assertThat(mesh.graph().brokenLinks()).isEmpty();
    assertThat(mesh.graph().identifier("artist-id").products())
        .extracting(Object::toString)
        .contains("podcasts/podcast-catalog:2");
  }

  @Test
  void warnsWhenASpecLinksToAColumnHoldingSomethingElse() {
    Path ranking = folder.resolve("top-podcasts-daily.yaml");
    // A semantic type added is a minor change.
    GraphExampleMesh.edit(ranking, "version: 1.0.0", "version: 1.1.0");
    GraphExampleMesh.edit(
        ranking,
        "        links: podcasts/podcast-catalog:1/podcasts.podcast_id\n",
        "        semantic: artist-id\n        links: podcasts/podcast-catalog:1/podcasts.podcast_id\n");

    Validation validation = mesh.lifecycle().validateFiles(List.of(ranking));

    assertThat(validation.errors()).isEmpty();
    assertThat(validation.warnings())
        .extracting(Problem::path, Problem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "outputs[0].schema[2].links",
                "the link no longer holds: this column holds artist-id but the column it links to,"
                    + " podcasts/podcast-catalog:1/podcasts.podcast_id, holds podcast-id"));
    assertThat(validation.warnings().get(0).line()).isPositive();

    mesh.lifecycle().deploy(validation);

    // The graphs follow the registry: the link is broken now.
    assertThat(mesh.graph().brokenLinks())
        .extracting(link -> link.column().toString(), BrokenLink::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "podcasts/top-podcasts-daily:1/ranking.podcast_id",
                BrokenLink.Reason.SEMANTIC_DIFFERS));
  }

  @Test
  void lineageFollowsARedeployedProduct() {
    LineageView before =
        mesh.graph()
            .lineage(
                ProductRef.parse("podcasts/top-podcasts-daily"),
                Direction.UPSTREAM,
                OptionalInt.of(1),
                false);
    assertThat(before.graph().node("podcasts/podcast-catalog:1")).isPresent();

    // The chart stops reading the catalog: titles come from elsewhere.
    Path ranking = folder.resolve("top-podcasts-daily.yaml");
    GraphExampleMesh.edit(ranking, "version: 1.0.0", "version: 1.1.0");
    GraphExampleMesh.edit(
        ranking, "  - name: catalog\n    product: podcasts/podcast-catalog:1/podcasts\n", "");
    GraphExampleMesh.edit(
        ranking,
        "             c.title,\n",
        "             CAST(r.podcast_id AS VARCHAR) AS title,\n");
    GraphExampleMesh.edit(
        ranking, "      LEFT JOIN catalog c ON c.podcast_id = r.podcast_id\n", "");
    mesh.lifecycle().deployFiles(List.of(ranking));

    LineageView after =
        mesh.graph()
            .lineage(
                ProductRef.parse("podcasts/top-podcasts-daily"),
                Direction.UPSTREAM,
                OptionalInt.of(1),
                true);
    assertThat(after.graph().node("podcasts/podcast-catalog:1")).isEmpty();
    assertThat(
            after
                .graph()
                .into(
                    "podcasts/top-podcasts-daily:1/ranking.title",
                    io.quanta.catalog.graph.GraphEdge.Kind.DERIVES))
        .extracting(edge -> edge.from())
        .containsExactly("podcasts/listeners-demographics:1/demographics.podcast_id");
  }
}
