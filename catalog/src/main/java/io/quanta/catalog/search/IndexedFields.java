package io.quanta.catalog.search;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quanta.spec.ProductId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.util.BytesRef;

/**
 * The layout of the index: one Lucene document per product version, with a text field per group of
 * words users search (each with its weight), keyword fields for updates and exact names, sort
 * fields, facets, and the published document itself as stored JSON. {@link SearchIndex#FORMAT}
 * changes whenever this layout does, so that older indexes are rebuilt.
 */
final class IndexedFields {
  /** A group of words users search, with its weight in ranking and the field a hit reports. */
  enum Text {
    NAME("name", 10f, MatchedField.NAME),
    PORT("port", 6f, MatchedField.PORT),
    COLUMN("column", 4f, MatchedField.COLUMN),
    TAG("tag", 3f, MatchedField.TAG),
    OWNER("owner", 2f, MatchedField.OWNER),
    DOMAIN("domain", 2f, MatchedField.DOMAIN),
    DESCRIPTION("description", 1f, MatchedField.DESCRIPTION);

    final String field;
    final float weight;
    final MatchedField matched;

    Text(String field, float weight, MatchedField matched) {
      this.field = "text." + field;
      this.weight = weight;
      this.matched = matched;
    }
  }

  /** The address {@code domain/name:major}: what an update replaces. */
  static final String ID = "id";

  /** The product's name, {@code domain/name} and {@code domain/name:major}, lower-cased. */
  static final String EXACT_NAME = "exact.name";

  static final String SORT_NAME = "sort.name";
  static final String SORT_MAJOR = "sort.major";
  static final String STORED = "stored";

  /** By name, newest major first: the order of a browse, and of hits that score the same. */
  static final Sort BY_NAME =
      new Sort(new SortField(SORT_NAME, SortField.Type.STRING), majorDescending());

  /** By score, then by name. */
  static final Sort BY_SCORE =
      new Sort(
          SortField.FIELD_SCORE,
          new SortField(SORT_NAME, SortField.Type.STRING),
          majorDescending());

  private static final ObjectMapper JSON = new ObjectMapper();

  private IndexedFields() {}

  private static SortField majorDescending() {
    return new SortField(SORT_MAJOR, SortField.Type.INT, true);
  }

  static FacetsConfig facetsConfig() {
    FacetsConfig config = new FacetsConfig();
    for (SearchFacet facet : SearchFacet.values()) {
      config.setMultiValued(facet.label(), facet.multiValued());
    }
    return config;
  }

  static Term idTerm(ProductId product) {
    return new Term(ID, product.toString());
  }

  /** The Lucene document of a product version, facets not yet built (see FacetsConfig#build). */
  static Document document(SearchDocument product) {
    Document document = new Document();
    ProductId id = product.product();
    document.add(new StringField(ID, id.toString(), Field.Store.NO));
    String name = id.product().toString();
    document.add(new StringField(EXACT_NAME, id.name(), Field.Store.NO));
    document.add(new StringField(EXACT_NAME, name, Field.Store.NO));
    document.add(new StringField(EXACT_NAME, id.toString(), Field.Store.NO));
    document.add(new SortedDocValuesField(SORT_NAME, new BytesRef(name)));
    document.add(new NumericDocValuesField(SORT_MAJOR, id.major()));

    text(document, Text.NAME, id.name());
    text(document, Text.DOMAIN, id.domain());
    text(document, Text.OWNER, ownerWords(product.owner()));
    product.tags().forEach(tag -> text(document, Text.TAG, tag));
    text(document, Text.DESCRIPTION, product.description());
    for (SearchDocument.Port port : product.ports()) {
      text(document, Text.PORT, port.name());
      text(document, Text.DESCRIPTION, port.description());
      for (SearchDocument.PortColumn column : port.columns()) {
        text(document, Text.COLUMN, column.name());
        text(document, Text.DESCRIPTION, columnNotes(column));
      }
    }

    facet(document, SearchFacet.DOMAIN, id.domain());
    product.kind().ifPresent(kind -> facet(document, SearchFacet.KIND, kind));
    product.tags().stream().distinct().forEach(tag -> facet(document, SearchFacet.TAG, tag));
    facet(document, SearchFacet.OWNER, product.owner());
    product
        .classifications()
        .forEach(classification -> facet(document, SearchFacet.CLASSIFICATION, classification));
    facet(document, SearchFacet.SLO, product.sloStatus());
    facet(document, SearchFacet.STATE, product.state());

    document.add(new StoredField(STORED, toJson(product)));
    return document;
  }

  /**
   * The words of an owner that say who it is: the part of an e-mail address before the {@code @}
   * (every owner of a company shares the rest), or the whole name.
   */
  static String ownerWords(String owner) {
    int at = owner.indexOf('@');
    return at > 0 ? owner.substring(0, at) : owner;
  }

  /** What a column says of itself besides its name, searched as description. */
  static String columnNotes(SearchDocument.PortColumn column) {
    StringBuilder notes = new StringBuilder(column.description());
    column.semantic().ifPresent(semantic -> notes.append(' ').append(semantic));
    column.classification().ifPresent(classification -> notes.append(' ').append(classification));
    return notes.toString();
  }

  /** The lower-cased text the exact-name field is compared with. */
  static String exactName(String text) {
    return text.strip().toLowerCase(Locale.ROOT);
  }

  private static void text(Document document, Text group, String value) {
    if (!value.isBlank()) {
      document.add(new TextField(group.field, value, Field.Store.NO));
    }
  }

  private static void facet(Document document, SearchFacet facet, String value) {
    if (!value.isBlank()) {
      document.add(new SortedSetDocValuesFacetField(facet.label(), value));
    }
  }

  static String toJson(SearchDocument product) {
    ObjectNode node = JSON.createObjectNode();
    node.put("domain", product.product().domain());
    node.put("name", product.product().name());
    node.put("major", product.product().major());
    node.put("version", product.version());
    node.put("owner", product.owner());
    node.put("description", product.description());
    product.kind().ifPresent(kind -> node.put("kind", kind));
    ArrayNode tags = node.putArray("tags");
    product.tags().forEach(tags::add);
    node.put("state", product.state());
    node.put("sloStatus", product.sloStatus());
    ArrayNode ports = node.putArray("ports");
    for (SearchDocument.Port port : product.ports()) {
      ObjectNode portNode = ports.addObject();
      portNode.put("name", port.name());
      portNode.put("description", port.description());
      ArrayNode columns = portNode.putArray("columns");
      for (SearchDocument.PortColumn column : port.columns()) {
        ObjectNode columnNode = columns.addObject();
        columnNode.put("name", column.name());
        columnNode.put("type", column.type());
        columnNode.put("description", column.description());
        column.semantic().ifPresent(value -> columnNode.put("semantic", value));
        column.classification().ifPresent(value -> columnNode.put("classification", value));
        column.links().ifPresent(value -> columnNode.put("links", value));
      }
    }
    return node.toString();
  }

  static SearchDocument fromJson(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A stored search document is not JSON: " + e.getMessage());
    }
    List<String> tags = new ArrayList<>();
    node.path("tags").forEach(tag -> tags.add(tag.asText()));
    List<SearchDocument.Port> ports = new ArrayList<>();
    for (JsonNode port : node.path("ports")) {
      List<SearchDocument.PortColumn> columns = new ArrayList<>();
      for (JsonNode column : port.path("columns")) {
        columns.add(
            new SearchDocument.PortColumn(
                column.path("name").asText(),
                column.path("type").asText(),
                column.path("description").asText(),
                optional(column, "semantic"),
                optional(column, "classification"),
                optional(column, "links")));
      }
      ports.add(
          new SearchDocument.Port(
              port.path("name").asText(), port.path("description").asText(), columns));
    }
    return new SearchDocument(
        ProductId.of(
            node.path("domain").asText(), node.path("name").asText(), node.path("major").asInt()),
        node.path("version").asText(),
        node.path("owner").asText(),
        node.path("description").asText(),
        optional(node, "kind"),
        tags,
        node.path("state").asText(),
        node.path("sloStatus").asText(),
        ports);
  }

  private static Optional<String> optional(JsonNode node, String field) {
    return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
  }
}
