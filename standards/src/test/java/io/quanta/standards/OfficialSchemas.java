package io.quanta.standards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The official ODPS v1.0.0 and ODCS v3.1.0 JSON Schemas (copies in src/test/resources/standards/,
 * see its README), draft 2019-09, loaded with the validator the spec module uses.
 */
final class OfficialSchemas {
  private final Schema odps;
  private final Schema odcs;

  OfficialSchemas() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2019_09);
    odps = registry.getSchema(SchemaLocation.DOCUMENT, read("odps/odps-json-schema-v1.0.0.json"));
    odcs = registry.getSchema(SchemaLocation.DOCUMENT, read("odcs/odcs-json-schema-v3.1.0.json"));
  }

  /** The schema violations of a document of the standard; empty when it is valid. */
  List<String> problems(Standard standard, JsonNode document) {
    Schema schema = standard == Standard.ODPS ? odps : odcs;
    return schema.validate(document).stream().map(Error::toString).toList();
  }

  private static JsonNode read(String name) {
    try (InputStream in = OfficialSchemas.class.getResourceAsStream("/standards/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource /standards/" + name);
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
