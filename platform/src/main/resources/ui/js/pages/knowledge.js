// The knowledge graph: the mesh's identifier types (user-id, podcast-id, ...) and the products
// whose columns hold them, so that a consumer sees what can be joined with what; join paths between
// two products; links that no longer hold.

import { optional } from "../api.js";
import { badge, h, loading, mount, notice, parseProductRef, productHref } from "../dom.js";
import { drawGraph } from "../graphs.js";
import { allDocuments, productList } from "../products.js";

export async function renderKnowledgeGraph(container, route, context) {
  mount(container, loading("the knowledge graph"));
  let answer = await optional("/graph/identifiers");
  const fromServer = answer !== null;
  if (!fromServer) {
    answer = await identifiersFromDocuments();
  }
  const identifiers = answer.identifiers || [];
  const focus = route.params.get("identifier");
  const graph = drawing(identifiers);
  const graphBox = h("div", { class: "graph tall", id: "knowledge-graph", role: "img", "aria-label": "Identifier types and the products holding them" });
  const pathsBox = h("div", { id: "join-paths" });
  const brokenBox = h("div", { id: "broken-links" });
  mount(
    container,
    h(
      "div",
      { class: "hero" },
      h("h1", {}, "Knowledge graph"),
      h("p", { class: "muted" }, "The identifier types of the mesh and the products whose columns hold them: what joins with what.")
    ),
    h(
      "div",
      { class: "explorer" },
      h(
        "div",
        { class: "panel graph-panel" },
        graphBox,
        h(
          "p",
          { class: "fine" },
          h("span", { class: "legend-identifier" }, "● identifier type"),
          "  ",
          h("span", { class: "legend-link" }, "- - - held through a link to another product"),
          "  Click a product to open it.",
          fromServer ? "" : " Drawn from the products' root documents (this server has no knowledge graph endpoint)."
        )
      ),
      h(
        "aside",
        { class: "panel identifiers", id: "identifier-list" },
        h("h2", {}, "Identifier types"),
        identifiers.length === 0
          ? h("p", { class: "muted" }, "No identifier type is registered or used.")
          : identifiers.map((identifier) => identifierView(identifier, identifier.name === focus))
      )
    ),
    h("div", { class: "columns even" }, h("section", { class: "panel" }, h("h2", {}, "Join paths"), pathsBox), h("section", { class: "panel" }, h("h2", {}, "Broken links"), brokenBox))
  );
  const cy = drawGraph(graphBox, graph, { spacing: 170, onOpen: (node) => context.navigate(node.href) });
  context.onCleanup(() => cy.destroy());
  if (focus) {
    cy.$id("identifier:" + focus).select();
    const element = document.getElementById("identifier-" + focus);
    if (element) {
      element.scrollIntoView({ block: "nearest" });
    }
  }
  joinPaths(pathsBox);
  brokenLinks(brokenBox);
}

function identifierView(identifier, focused) {
  const byProduct = new Map();
  for (const column of identifier.columns || []) {
    if (!byProduct.has(column.product)) {
      byProduct.set(column.product, []);
    }
    byProduct.get(column.product).push(column);
  }
  return h(
    "div",
    { class: "identifier" + (focused ? " focused" : ""), id: "identifier-" + identifier.name },
    h("h3", {}, h("span", { class: "identifier-dot" }), identifier.name, identifier.registered === false ? badge("not registered", "bad") : null),
    identifier.description ? h("p", { class: "muted" }, identifier.description) : null,
    byProduct.size === 0
      ? h("p", { class: "fine" }, "No column holds it yet.")
      : h(
          "ul",
          { class: "plain" },
          [...byProduct.entries()].map(([product, columns]) => {
            const ref = parseProductRef(product);
            return h(
              "li",
              {},
              h("a", { href: productHref(ref.product, ref.major) }, ref.product),
              h(
                "span",
                { class: "muted" },
                " " + columns.map((column) => (column.port ? (parseProductRef(column.port) || {}).port + "." : "") + column.name + (column.exposure === "linked" ? " (linked)" : "")).join(", ")
              )
            );
          })
        )
  );
}

/**
 * Products on the left, identifier types on the right: an edge for each product holding a type,
 * labelled with its columns; dashed when the product holds it only through a link to another's.
 */
function drawing(identifiers) {
  const nodes = new Map();
  const edges = new Map();
  const product = (id) => {
    const ref = parseProductRef(id);
    if (!ref) {
      return null;
    }
    const key = ref.product + ":" + (ref.major ?? "");
    if (!nodes.has(key)) {
      nodes.set(key, { id: key, kind: "product", label: ref.name + "\n" + ref.domain, domain: ref.domain, product: ref.product, major: ref.major, href: productHref(ref.product, ref.major) });
    }
    return key;
  };
  for (const identifier of identifiers) {
    const id = "identifier:" + identifier.name;
    nodes.set(id, { id, kind: "identifier", label: identifier.name, missing: identifier.registered === false });
    for (const column of identifier.columns || []) {
      const from = product(column.product);
      if (!from) {
        continue;
      }
      const key = from + "→" + id;
      const edge = edges.get(key) || { source: from, target: id, kind: "identifies", linked: true, columns: [] };
      edge.columns.push(column.name);
      edge.linked = edge.linked && column.exposure === "linked";
      edges.set(key, edge);
    }
  }
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()].map((edge) => ({ ...edge, label: [...new Set(edge.columns)].join(", ") })),
  };
}

/** The same answer as GET /graph/identifiers, from the governance and every root document. */
async function identifiersFromDocuments() {
  const governance = await optional("/governance");
  const documents = await allDocuments();
  const types = new Map();
  for (const type of (governance && governance.identifiers) || []) {
    types.set(type.name, { name: type.name, description: type.description, registered: true, products: [], columns: [] });
  }
  for (const doc of documents) {
    if (doc.error) {
      continue;
    }
    const productId = doc.product + ":" + doc.major;
    for (const port of doc.ports || []) {
      for (const column of port.columns || []) {
        const columnId = productId + "/" + port.name + "." + column.name;
        if (column.semantic) {
          if (!types.has(column.semantic)) {
            types.set(column.semantic, { name: column.semantic, description: "", registered: governance ? false : undefined, products: [], columns: [] });
          }
          const type = types.get(column.semantic);
          type.columns.push({ column: columnId, product: productId, port: productId + "/" + port.name, name: column.name, type: column.type, exposure: "declared" });
          if (!type.products.includes(productId)) {
            type.products.push(productId);
          }
        }
      }
    }
  }
  return { identifiers: [...types.values()] };
}

async function joinPaths(box) {
  const products = (await productList()).filter((product) => !product.product.startsWith("governance/"));
  if (products.length < 2) {
    mount(box, h("p", { class: "muted" }, "Two products are needed."));
    return;
  }
  const select = (id, index) =>
    h(
      "select",
      { id, "aria-label": id === "path-from" ? "From" : "To" },
      products.map((product, position) => h("option", { value: product.product + ":" + product.major, selected: position === index }, product.product))
    );
  const from = select("path-from", 0);
  const to = select("path-to", Math.min(1, products.length - 1));
  const result = h("div", { class: "paths" });
  const form = h(
    "form",
    {
      class: "toolbar compact",
      onsubmit: async (event) => {
        event.preventDefault();
        mount(result, loading("join paths"));
        try {
          const answer = await optional("/graph/paths?" + new URLSearchParams({ from: from.value, to: to.value }));
          if (answer === null) {
            mount(result, notice("empty", "Join paths are not available on this server", "The server has no /api/v1/graph/paths endpoint."));
            return;
          }
          mount(result, pathsView(answer));
        } catch (error) {
          mount(result, notice("error", "No answer", error.message));
        }
      },
    },
    h("label", {}, "From ", from),
    h("label", {}, "to ", to),
    h("button", { type: "submit", class: "primary" }, "Find how to join")
  );
  mount(box, h("p", { class: "muted" }, "How two products can be joined: through links, or columns holding the same identifier type."), form, result);
}

function pathsView(answer) {
  const paths = answer.paths || [];
  if (paths.length === 0) {
    return notice("empty", "No way to join them", "No chain of links or shared identifier types connects " + answer.from + " and " + answer.to + ".");
  }
  return h(
    "ol",
    { class: "path-list" },
    paths.slice(0, 5).map((path) =>
      h(
        "li",
        {},
        h("div", { class: "path-products" }, path.products.map((id, index) => [index ? h("span", { class: "arrow" }, " → ") : null, productLink(id)])),
        path.steps.length === 0
          ? h("p", { class: "muted" }, "The same product.")
          : h(
              "ul",
              { class: "plain" },
              path.steps.map((step) =>
                h(
                  "li",
                  { class: "fine" },
                  "join on ",
                  (step.on || []).slice(0, 3).map((condition, index) => [
                    index ? " or " : "",
                    h("code", {}, condition.from.split("/").pop()),
                    " = ",
                    h("code", {}, condition.to.split("/").pop()),
                    " (" + (condition.reason === "link" ? "link" : "identifier " + (condition.identifier || "")) + ")",
                  ])
                )
              )
            )
      )
    )
  );
}

function productLink(id) {
  const ref = parseProductRef(id);
  return ref ? h("a", { href: productHref(ref.product, ref.major) }, ref.product) : h("span", {}, id);
}

async function brokenLinks(box) {
  mount(box, loading("links"));
  try {
    const answer = await optional("/graph/broken-links");
    if (answer === null) {
      mount(box, h("p", { class: "muted" }, "This server does not check links yet (no /api/v1/graph/broken-links endpoint)."));
      return;
    }
    const links = answer.brokenLinks || [];
    const unregistered = answer.unregisteredIdentifiers || [];
    mount(
      box,
      links.length === 0 && unregistered.length === 0
        ? h("p", { class: "ok-line" }, "✓ Every column's link holds, and every identifier type in use is registered.")
        : null,
      links.length
        ? h(
            "ul",
            { class: "plain broken" },
            links.map((link) => h("li", {}, productLink(link.column), " ", h("code", {}, link.column.split("/").pop()), " → ", h("code", {}, link.links), " ", badge(link.reason, "bad"), h("div", { class: "fine" }, link.message)))
          )
        : null,
      unregistered.length
        ? h("p", {}, "Identifier types in use but not registered: ", unregistered.map((type, index) => [index ? ", " : "", h("code", {}, type.name)]))
        : null
    );
  } catch (error) {
    mount(box, notice("error", "The links could not be checked", error.message));
  }
}

