package io.quanta.catalog.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.quanta.error.ErrorCode;
import io.quanta.error.QuantaException;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnowledgeGraphTest {
  /** The identifier types of the shipped default governance, which the podcast mesh uses. */
  private static final List<RegisteredIdentifier> MESH_IDENTIFIERS =
      List.of(
          new RegisteredIdentifier("user-id", "A user's account."),
          new RegisteredIdentifier("podcast-id", "A podcast of the catalog."),
          new RegisteredIdentifier("artist-id", "An artist."),
          new RegisteredIdentifier("iso-3166-alpha2", "A country."));

  private static final List<RegisteredIdentifier> SHOP_IDENTIFIERS =
      List.of(
          new RegisteredIdentifier("customer-id", "A customer of the web shop."),
          new RegisteredIdentifier("order-id", "An order."),
          new RegisteredIdentifier("iso-3166-alpha2", "A country."));

  private final KnowledgeGraph podcasts =
      new KnowledgeGraph(TestSpecs.podcasts(), MESH_IDENTIFIERS);

  @Test
  void findsTheColumnsHoldingAnIdentifierTypeDeclaredOrThroughALink() {
    IdentifierUsage podcastIds = podcasts.identifier("podcast-id");

    assertThat(podcastIds.registered()).isTrue();
    assertThat(podcastIds.description()).isEqualTo("A podcast of the catalog.");
    assertThat(podcastIds.columns())
        .extracting(
            exposure -> exposure.column().toString(),
            exposure -> exposure.via().map(Object::toString).orElse("declared"))
        .containsExactly(
            tuple(
                "podcasts/listeners-demographics:1/demographics.podcast_id",
                "podcasts/podcast-catalog:1/podcasts.podcast_id"),
            tuple("podcasts/play-events:1/events.podcast_id", "declared"),
            tuple("podcasts/podcast-catalog:1/podcasts.podcast_id", "declared"),
            tuple(
                "podcasts/top-podcasts-daily:1/ranking.podcast_id",
                "podcasts/podcast-catalog:1/podcasts.podcast_id"));
    assertThat(podcasts.identifier("user-id").products())
        .extracting(ProductId::toString)
        .containsExactly(
            "podcasts/play-events:1", "users/user-profiles:2", "users/user-registrations:1");

    assertThat(podcasts.identifiers())
        .extracting(IdentifierUsage::name)
        .containsExactly("user-id", "podcast-id", "artist-id", "iso-3166-alpha2");
    assertThatThrownBy(() -> podcasts.identifier("episode-id"))
        .isInstanceOfSatisfying(
            QuantaException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND))
        .hasMessageContaining("'episode-id' is neither registered nor declared")
        .hasMessageContaining("registered: user-id, podcast-id, artist-id, iso-3166-alpha2");
  }

  @Test
  void drawsAnIdentifierTypeWithItsColumnsAndLinks() {
    Graph graph = podcasts.graph(podcasts.identifier("podcast-id"));

    assertThat(graph.node("identifier:podcast-id")).isPresent();
    assertThat(graph.into("identifier:podcast-id", GraphEdge.Kind.IDENTIFIES)).hasSize(4);
    assertThat(
            graph.outOf("podcasts/top-podcasts-daily:1/ranking.podcast_id", GraphEdge.Kind.LINKS))
        .extracting(GraphEdge::to)
        .containsExactly("podcasts/podcast-catalog:1/podcasts.podcast_id");
    assertThat(graph.node("podcasts/top-podcasts-daily:1/ranking").orElseThrow().parent())
        .contains("podcasts/top-podcasts-daily:1");
  }

  @Test
  void joinsProductsOfThreeDomainsThroughSharedIdentifiers() {
    List<JoinPath> paths =
        podcasts.paths(
            ProductId.of("users", "user-registrations", 1),
            ProductId.of("artists", "artist-payments", 1));

    // From a user to what an artist is paid: through a user's plays (or demographics, by
    // country) to the podcasts' catalog, which names each podcast's artist.
    assertThat(paths)
        .extracting(path -> path.products().stream().map(ProductId::toString).toList())
        .containsExactly(
            List.of(
                "users/user-registrations:1",
                "podcasts/listeners-demographics:1",
                "podcasts/podcast-catalog:1",
                "artists/artist-payments:1"),
            List.of(
                "users/user-registrations:1",
                "podcasts/play-events:1",
                "podcasts/podcast-catalog:1",
                "artists/artist-payments:1"));
    JoinPath viaPlays = paths.get(1);
    assertThat(viaPlays.steps().get(0).on())
        .extracting(Object::toString)
        .containsExactly(
            "users/user-registrations:1/registrations.user_id = podcasts/play-events:1/events.user_id"
                + " (identifier user-id)");
    assertThat(viaPlays.steps().get(1).on())
        .extracting(Object::toString)
        .containsExactly(
            "podcasts/play-events:1/events.podcast_id = podcasts/podcast-catalog:1/podcasts.podcast_id"
                + " (link)");
    assertThat(viaPlays.steps().get(2).on())
        .extracting(Object::toString)
        .containsExactly(
            "podcasts/podcast-catalog:1/podcasts.artist_id = artists/artist-payments:1/payments.artist_id"
                + " (identifier artist-id)");

    Graph graph = podcasts.graph(paths);
    assertThat(graph.nodes()).hasSize(5);
    assertThat(graph.edges()).extracting(GraphEdge::kind).containsOnly(GraphEdge.Kind.JOINS);
  }

  @Test
  void aProductJoinsItselfAndNothingJoinsUnlinkedProducts() {
    ProductId catalog = ProductId.of("podcasts", "podcast-catalog", 1);
    assertThat(podcasts.paths(catalog, catalog))
        .singleElement()
        .satisfies(path -> assertThat(path.steps()).isEmpty());

    List<ProductSpec> specs = new ArrayList<>(TestSpecs.podcasts());
    specs.addAll(TestSpecs.resources("shop", "orders"));
    KnowledgeGraph mixed = new KnowledgeGraph(specs, MESH_IDENTIFIERS);
    assertThat(mixed.paths(catalog, ProductId.of("shop", "orders", 1))).isEmpty();
    assertThatThrownBy(() -> mixed.paths(catalog, ProductId.of("shop", "orders", 2)))
        .hasMessage("Data product does not exist: shop/orders:2 (deployed major versions: 1)");
  }

  @Test
  void theExampleMeshHasNoBrokenLinkAndNoUnregisteredIdentifier() {
    assertThat(podcasts.brokenLinks()).isEmpty();
    assertThat(podcasts.unregistered()).isEmpty();
  }

  @Test
  void reportsEveryWayALinkBreaks() {
    List<ProductSpec> specs = new ArrayList<>(TestSpecs.resources("shop", "customers", "orders"));
    specs.addAll(TestSpecs.resources("broken"));
    KnowledgeGraph graph = new KnowledgeGraph(specs, SHOP_IDENTIFIERS);

    assertThat(graph.brokenLinks())
        .extracting(link -> link.column().column(), BrokenLink::reason, BrokenLink::message)
        .containsExactly(
            tuple(
                "buyer_id",
                BrokenLink.Reason.SEMANTIC_DIFFERS,
                "holds user-id but the column it links to,"
                    + " shop/customers:1/customers.customer_id, holds customer-id"),
            tuple(
                "customer_id",
                BrokenLink.Reason.TYPE_DIFFERS,
                "is bigint but the column it links to, shop/customers:1/customers.customer_id,"
                    + " is string"),
            tuple(
                "original_order",
                BrokenLink.Reason.MAJOR_MISSING,
                "links to shop/orders:2/orders.order_id, but shop/orders has no major version 2"
                    + " (deployed: 1)"),
            tuple(
                "reason_code",
                BrokenLink.Reason.COLUMN_MISSING,
                "links to shop/orders:1/orders.reason_code, but port shop/orders:1/orders has no"
                    + " column reason_code (its columns: order_id, customer_id, amount,"
                    + " ordered_at)"),
            tuple(
                "refund_id",
                BrokenLink.Reason.PORT_MISSING,
                "links to shop/orders:1/refunds.refund_id, but shop/orders:1 has no output port"
                    + " refunds (its ports: orders)"),
            tuple(
                "store_id",
                BrokenLink.Reason.PRODUCT_MISSING,
                "links to shop/stores:1/stores.store_id, but no data product shop/stores is"
                    + " deployed"));
    assertThat(graph.unregistered())
        .extracting(IdentifierUsage::name, usage -> usage.columns().size())
        .containsExactly(tuple("user-id", 1), tuple("warehouse-id", 1));

    Graph drawing = graph.graphOfBrokenLinks(graph.brokenLinks());
    assertThat(drawing.node("shop/stores:1/stores.store_id").orElseThrow().attributes())
        .containsEntry("exists", false);
    assertThat(drawing.node("shop/stores:1").orElseThrow().attributes())
        .containsEntry("deployed", false);
    assertThat(drawing.outOf("shop/returns:1/returns.customer_id", GraphEdge.Kind.LINKS))
        .singleElement()
        .satisfies(edge -> assertThat(edge.attributes()).containsEntry("broken", "type-differs"));
  }

  @Test
  void aRemovedTargetBreaksTheLinksToIt() {
    KnowledgeGraph withCustomers =
        new KnowledgeGraph(TestSpecs.resources("shop", "customers", "orders"), SHOP_IDENTIFIERS);
    KnowledgeGraph withoutCustomers =
        new KnowledgeGraph(TestSpecs.resources("shop", "orders"), SHOP_IDENTIFIERS);

    assertThat(withCustomers.brokenLinks()).isEmpty();
    assertThat(withoutCustomers.brokenLinks())
        .singleElement()
        .satisfies(
            link -> {
              assertThat(link.column().toString()).isEqualTo("shop/orders:1/orders.customer_id");
              assertThat(link.reason()).isEqualTo(BrokenLink.Reason.PRODUCT_MISSING);
            });
    // The column still holds the customer-id it declares.
    assertThat(withoutCustomers.identifier("customer-id").columns()).hasSize(1);
  }
}
