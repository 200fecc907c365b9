package io.quanta.catalog.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.quanta.engine.DuckDbSession;
import io.quanta.engine.EngineSettings;
import io.quanta.spec.ProductId;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lineage across the example podcast mesh, at the product, port and column levels. */
class MeshLineageTest {
  private static final ProductId DEMOGRAPHICS =
      ProductId.of("podcasts", "listeners-demographics", 1);
  private static final ProductId PLAYS = ProductId.of("podcasts", "play-events", 1);
  private static final ProductId RANKING = ProductId.of("podcasts", "top-podcasts-daily", 1);
  private static final ProductId REGISTRATIONS = ProductId.of("users", "user-registrations", 1);

  @TempDir static Path temp;
  private static MeshLineage lineage;

  @BeforeAll
  static void analyze() {
    try (DuckDbSession session =
        DuckDbSession.open(new EngineSettings(1, "256MB", temp.resolve("tmp")))) {
      lineage = MeshLineage.analyze(TestSpecs.podcasts(), session);
    }
  }

  @Test
  void followsProductsUpstreamToTheirSources() {
    Graph graph =
        lineage.view(DEMOGRAPHICS, Direction.UPSTREAM, OptionalInt.empty(), false).graph();

    assertThat(nodes(graph, GraphNode.Kind.PRODUCT))
        .containsExactly(
            tuple("podcasts/listeners-demographics:1", 0),
            tuple("podcasts/play-events:1", -1),
            tuple("users/user-profiles:2", -1),
            tuple("users/user-registrations:1", -2));
    assertThat(nodes(graph, GraphNode.Kind.SOURCE))
        .containsExactly(
            tuple("podcasts/listeners-demographics:1/inputs/countries", -1),
            tuple("podcasts/play-events:1/inputs/plays", -2),
            tuple("users/user-profiles:2/inputs/updates", -2),
            tuple("users/user-registrations:1/inputs/registrations", -3));
    assertThat(graph.node("podcasts/play-events:1/inputs/plays").orElseThrow().label())
        .isEqualTo("file data/plays/*.parquet");
    assertThat(graph.into("podcasts/listeners-demographics:1", GraphEdge.Kind.READS))
        .extracting(GraphEdge::from, edge -> edge.label().orElseThrow())
        .containsExactly(
            tuple("podcasts/play-events:1", "plays"),
            tuple("users/user-profiles:2", "users"),
            tuple("podcasts/listeners-demographics:1/inputs/countries", "countries"));
  }

  @Test
  void stopsAtTheDepthAsked() {
    Graph one = lineage.view(DEMOGRAPHICS, Direction.UPSTREAM, OptionalInt.of(1), false).graph();
    assertThat(nodes(one, GraphNode.Kind.PRODUCT))
        .extracting(tuple -> tuple.toArray()[0])
        .containsExactly(
            "podcasts/listeners-demographics:1", "podcasts/play-events:1", "users/user-profiles:2");

    Graph downstream =
        lineage.view(PLAYS, Direction.DOWNSTREAM, OptionalInt.empty(), false).graph();
    assertThat(nodes(downstream, GraphNode.Kind.PRODUCT))
        .containsExactly(
            tuple("podcasts/play-events:1", 0),
            tuple("artists/emerging-artists:1", 1),
            tuple("podcasts/listeners-demographics:1", 1),
            tuple("podcasts/top-podcasts-daily:1", 2));
    Graph downstreamOne =
        lineage.view(PLAYS, Direction.DOWNSTREAM, OptionalInt.of(1), false).graph();
    assertThat(downstreamOne.node("podcasts/top-podcasts-daily:1")).isEmpty();

    Graph alone = lineage.view(PLAYS, Direction.BOTH, OptionalInt.of(0), true).graph();
    assertThat(alone.nodes())
        .extracting(GraphNode::kind)
        .containsOnly(GraphNode.Kind.PRODUCT, GraphNode.Kind.PORT, GraphNode.Kind.COLUMN);
    assertThat(alone.edges()).isEmpty();
    assertThatThrownBy(() -> lineage.view(PLAYS, Direction.BOTH, OptionalInt.of(-1), false))
        .hasMessage("depth must not be negative, got -1");
  }

  @Test
  void connectsPortsByWhatEachPortsSqlReads() {
    // user-profiles reads registrations, but only its profiles port does: profile-updates is
    // computed from the updates file alone.
    Graph graph =
        lineage.view(REGISTRATIONS, Direction.DOWNSTREAM, OptionalInt.of(1), false).graph();
    assertThat(graph.outOf("users/user-registrations:1/registrations", GraphEdge.Kind.FEEDS))
        .extracting(GraphEdge::to, edge -> edge.label().orElseThrow())
        .containsExactly(tuple("users/user-profiles:2/profiles", "registrations"));
    assertThat(graph.node("users/user-profiles:2/profile-updates")).isEmpty();

    Graph upstream = lineage.view(RANKING, Direction.UPSTREAM, OptionalInt.empty(), false).graph();
    assertThat(upstream.into("podcasts/top-podcasts-daily:1/ranking", GraphEdge.Kind.FEEDS))
        .extracting(GraphEdge::from)
        .containsExactly(
            "podcasts/listeners-demographics:1/demographics",
            "podcasts/podcast-catalog:1/podcasts");
    assertThat(upstream.into("podcasts/podcast-catalog:1/podcasts", GraphEdge.Kind.FEEDS))
        .extracting(GraphEdge::from)
        .containsExactly("podcasts/podcast-catalog:1/inputs/podcasts");
  }

  @Test
  void followsColumnsAcrossProductsToTheirSourceFiles() {
    Graph upstream = lineage.view(RANKING, Direction.UPSTREAM, OptionalInt.empty(), true).graph();

    assertThat(upstream.into("podcasts/top-podcasts-daily:1/ranking.title", GraphEdge.Kind.DERIVES))
        .extracting(GraphEdge::from, edge -> edge.attributes().get("how"))
        .containsExactly(tuple("podcasts/podcast-catalog:1/podcasts.title", "direct"));
    assertThat(upstream.into("podcasts/podcast-catalog:1/podcasts.title", GraphEdge.Kind.DERIVES))
        .extracting(GraphEdge::from, edge -> edge.attributes().get("how"))
        .containsExactly(tuple("podcasts/podcast-catalog:1/inputs/podcasts.title", "transformed"));
    assertThat(
            upstream
                .node("podcasts/podcast-catalog:1/inputs/podcasts.title")
                .orElseThrow()
                .parent())
        .contains("podcasts/podcast-catalog:1/inputs/podcasts");
    // Three products up: the listens of the ranking count plays of the player's files.
    assertThat(
            upstream
                .node("podcasts/listeners-demographics:1/demographics.listens")
                .orElseThrow()
                .attributes())
        .containsEntry("derivation", ColumnDerivation.COUNTS_ROWS);

    Graph downstream =
        lineage.view(REGISTRATIONS, Direction.DOWNSTREAM, OptionalInt.empty(), true).graph();
    List<String> fromBirthDate =
        downstream
            .outOf("users/user-registrations:1/registrations.birth_date", GraphEdge.Kind.DERIVES)
            .stream()
            .map(GraphEdge::to)
            .toList();
    assertThat(fromBirthDate).containsExactly("users/user-profiles:2/profiles.age_band");
    assertThat(downstream.outOf("users/user-profiles:2/profiles.age_band", GraphEdge.Kind.DERIVES))
        .extracting(GraphEdge::to, edge -> edge.attributes().get("how"))
        .containsExactly(
            tuple("podcasts/listeners-demographics:1/demographics.age_band", "direct"));
  }

  private static List<org.assertj.core.groups.Tuple> nodes(Graph graph, GraphNode.Kind kind) {
    return graph.nodes().stream()
        .filter(node -> node.kind() == kind)
        .map(node -> tuple(node.id(), node.attributes().get("distance")))
        .toList();
  }
}
