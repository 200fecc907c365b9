package io.quanta.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.quanta.platform.lifecycle.Deployment;
import io.quanta.platform.lifecycle.Plan;
import io.quanta.platform.lifecycle.ProductPlan;
import io.quanta.platform.read.MeshPortResolver;
import io.quanta.ports.sql.ReadOptions;
import io.quanta.spec.ProductId;
import io.quanta.spec.ProductRef;
import io.quanta.spec.change.ChangeLevel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A new major version is a new product version: its own tables and data, served beside the older
 * majors, which keep their consumers (docs/lifecycle.md).
 */
class MajorVersionsTest {
  private static final ProductId CATALOG_1 = ProductId.of("podcasts", "podcast-catalog", 1);
  private static final ProductId CATALOG_2 = ProductId.of("podcasts", "podcast-catalog", 2);
  private static final ProductId TITLES = ProductId.of("marketing", "catalog-titles", 1);

  @TempDir Path temp;

  @Test
  void majorVersionsAreServedSideBySideWithTheirOwnData() {
    Path specs = TestMeshes.copy("versions", temp.resolve("specs"));
    try (Mesh mesh = Mesh.open(temp.resolve("quanta"))) {
      mesh.lifecycle().deployFiles(TestMeshes.specs(specs, "podcast-catalog", "catalog-titles"));
      mesh.runs().runAll(List.of(CATALOG_1, TITLES), "test");

      Plan plan = mesh.lifecycle().planFiles(TestMeshes.specs(specs, "podcast-catalog-2"));
      ProductPlan product = plan.products().get(0);
      assertThat(product.action()).isEqualTo(ProductPlan.Action.NEW_MAJOR);
      assertThat(product.level()).isEqualTo(ChangeLevel.BREAKING);
      assertThat(plan.deployable()).isTrue();
      assertThat(mesh.lifecycle().deploy(plan))
          .extracting(Deployment::product, Deployment::change)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(CATALOG_2, Deployment.Change.CREATED));
      mesh.runs().run(CATALOG_2, "test");

      assertThat(
              rows(
                  mesh,
                  "SELECT podcast_id, title, episodes FROM podcasts.podcast_catalog_v1.podcasts"
                      + " ORDER BY 1"))
          .containsExactly("p1|Data Mesh Radio|12", "p2|The Pipeline|30");
      assertThat(
              rows(
                  mesh,
                  "SELECT podcast_id, name, episodes FROM podcasts.podcast_catalog_v2.podcasts"
                      + " ORDER BY 1"))
          .containsExactly("p1|Data Mesh Radio|12", "p2|The Pipeline|31", "p3|Lakehouse Talk|5");
      assertThat(rows(mesh, "SELECT count(*), min(name) FROM podcasts.podcast_catalog.podcasts"))
          .as("the unpinned name is the newest major version")
          .containsExactly("3|Data Mesh Radio");
      assertThat(
              rows(
                  mesh,
                  "SELECT a.podcast_id, a.episodes, b.episodes"
                      + " FROM podcasts.podcast_catalog_v1.podcasts a"
                      + " JOIN podcasts.podcast_catalog_v2.podcasts b USING (podcast_id)"
                      + " WHERE a.episodes <> b.episodes"))
          .as("both majors in one query, as of one time")
          .containsExactly("p2|30|31");
      assertThat(MeshPortResolver.sqlName(CATALOG_2, "podcasts", false))
          .isEqualTo("podcasts.podcast_catalog.podcasts");
      assertThat(mesh.specs().resolve(ProductRef.parse("podcasts/podcast-catalog")).id())
          .isEqualTo(CATALOG_2);

      // The consumer pinned to major 1 keeps reading major 1.
      assertThat(mesh.runs().run(TITLES, "test").state().name()).isEqualTo("SUCCEEDED");
      assertThat(rows(mesh, "SELECT title FROM marketing.catalog_titles.titles ORDER BY 1"))
          .containsExactly("DATA MESH RADIO", "THE PIPELINE");
      assertThat(
              mesh.registry()
                  .products()
                  .port(CATALOG_1.port("podcasts"))
                  .orElseThrow()
                  .tableIdentifier())
          .isNotEqualTo(
              mesh.registry()
                  .products()
                  .port(CATALOG_2.port("podcasts"))
                  .orElseThrow()
                  .tableIdentifier());
    }
  }

  private static List<String> rows(Mesh mesh, String sql) {
    return QueryRows.run(mesh, sql, ReadOptions.LATEST).rows;
  }
}
