// The lineage explorer: pick a product, a direction and a depth; the graph shows where its data
// comes from and where it goes. Selecting a node shows it; "Open" goes to its page.

import { h, loading, mount, notice, parseProductRef, productHref } from "../dom.js";
import { drawGraph } from "../graphs.js";
import { DIRECTIONS, loadColumnLineage, loadLineage } from "../lineage.js";
import { productList } from "../products.js";

function href(product, major, direction, depth, columns) {
  const [domain, name] = product.split("/");
  return (
    "#/lineage/" +
    [domain, name, major].map(encodeURIComponent).join("/") +
    "?direction=" +
    direction +
    "&depth=" +
    depth +
    (columns ? "&columns=true" : "")
  );
}

export async function renderLineage(container, route, context) {
  mount(container, loading("products"));
  const products = await productList();
  if (products.length === 0) {
    mount(container, notice("empty", "No product is deployed", "Deploy specs with quanta deploy, then come back."));
    return;
  }
  let [, domain, name, major] = route.path;
  if (!domain || !name) {
    const first = products.find((product) => !product.product.startsWith("governance/")) || products[0];
    [domain, name] = first.product.split("/");
    major = first.major;
  }
  if (!major) {
    const newest = products.filter((product) => product.product === domain + "/" + name).map((product) => product.major);
    major = newest.length ? Math.max(...newest) : 1;
  }
  const direction = DIRECTIONS.includes(route.params.get("direction")) ? route.params.get("direction") : "both";
  const depth = Math.min(6, Math.max(1, Number(route.params.get("depth")) || 3));
  const columns = route.params.get("columns") === "true";
  const current = domain + "/" + name;
  context.setTitle("Lineage of " + current);

  const productSelect = h(
    "select",
    { id: "lineage-product", "aria-label": "Product" },
    products.map((product) =>
      h(
        "option",
        { value: product.product + ":" + product.major, selected: product.product === current && String(product.major) === String(major) },
        product.product + (products.filter((other) => other.product === product.product).length > 1 ? " (major " + product.major + ")" : "")
      )
    )
  );
  const directionSelect = h(
    "select",
    { id: "lineage-direction", "aria-label": "Direction" },
    DIRECTIONS.map((value) => h("option", { value, selected: value === direction }, value === "both" ? "upstream and downstream" : value))
  );
  const depthSelect = h(
    "select",
    { id: "lineage-depth", "aria-label": "Depth" },
    [1, 2, 3, 4, 5, 6].map((value) => h("option", { value: String(value), selected: value === depth }, value === 1 ? "1 hop" : value + " hops"))
  );
  const columnsBox = h("input", { type: "checkbox", id: "lineage-columns", checked: columns });
  const go = () => {
    const [product, chosenMajor] = productSelect.value.split(":");
    context.navigate(href(product, chosenMajor, directionSelect.value, depthSelect.value, columnsBox.checked));
  };
  [productSelect, directionSelect, depthSelect, columnsBox].forEach((select) => select.addEventListener("change", go));

  const graphBox = h("div", { class: "graph tall", id: "explorer-graph", role: "img", "aria-label": "Lineage graph" });
  const details = h("div", { class: "node-details", id: "node-details" }, h("p", { class: "muted" }, "Select a node to see it here."));
  const edgesList = h("div", { class: "edge-list" });
  const note = h("p", { class: "fine" });
  mount(
    container,
    h("div", { class: "hero" }, h("h1", {}, "Lineage explorer"), h("p", { class: "muted" }, "Where a product's data comes from, and which products read it.")),
    h(
      "form",
      { class: "toolbar", onsubmit: (event) => event.preventDefault() },
      h("label", {}, "Product ", productSelect),
      h("label", {}, "Direction ", directionSelect),
      h("label", {}, "Depth ", depthSelect),
      h("label", { class: "check-label", title: "Which columns each column is computed from" }, columnsBox, " Columns"),
      h("a", { class: "toolbar-link", href: productHref(current, major) }, "Open " + current + " →")
    ),
    h("div", { class: "explorer" }, h("div", { class: "panel graph-panel" }, graphBox, note), h("aside", { class: "panel" }, h("h2", {}, "Selected"), details, h("h2", {}, "Flows"), edgesList))
  );

  let lineage = columns ? await loadColumnLineage(domain, name, major, direction, depth) : null;
  let columnNote = "";
  if (columns && lineage === null) {
    columnNote = " Column lineage needs the server's lineage endpoint, which it does not have: products only.";
  }
  if (lineage === null) {
    lineage = await loadLineage(domain, name, major, direction, depth);
  }
  if (!graphBox.isConnected) {
    return;
  }
  const byColumns = lineage.nodes.some((node) => node.kind === "column");
  const names = new Map(lineage.nodes.map((node) => [node.id, nodeName(node)]));
  mount(
    edgesList,
    lineage.edges.length === 0
      ? h("p", { class: "muted" }, "No flow: nothing feeds this product from the mesh, and nothing reads it.")
      : h(
          "ul",
          { class: "plain flows" },
          lineage.edges.map((edge) =>
            h(
              "li",
              {},
              names.get(edge.source),
              h("span", { class: "arrow" }, " → "),
              names.get(edge.target),
              edge.how ? h("span", { class: "muted" }, " " + edge.how) : edge.label ? h("span", { class: "muted" }, " as " + edge.label) : null
            )
          )
        )
  );
  note.textContent =
    lineage.nodes.filter((node) => node.kind !== "column").length +
    (byColumns ? " ports and sources, " + lineage.nodes.filter((node) => node.kind === "column").length + " columns, " : " nodes, ") +
    lineage.edges.length +
    (byColumns ? " derivations (solid: direct, dashed: transformed, dotted: aggregated)." : " flows.") +
    " Select a node; double-click a product to open it." +
    (lineage.source === "documents" ? " Drawn from the products' inputs and consumers (this server has no lineage endpoint)." : "") +
    columnNote;
  const cy = drawGraph(graphBox, lineage, { spacing: byColumns ? 120 : 80 });
  context.onCleanup(() => cy.destroy());
  cy.on("tap", "node", (event) => showNode(details, event.target.data(), direction, depth, columns));
  cy.on("dbltap", "node", (event) => {
    if (event.target.data("product")) {
      context.navigate(productHref(event.target.data("product"), event.target.data("major")));
    }
  });
}

function nodeName(node) {
  if (node.kind === "column") {
    const port = parseProductRef(node.parent);
    return (port && port.port ? port.name + "/" + port.port : "") + "." + node.label;
  }
  return node.product || (node.title || node.label).replace("\n", " ");
}

function showNode(details, node, direction, depth, columns) {
  if (!node.product) {
    mount(details, h("h3", {}, "Source outside the mesh"), h("p", { class: "break" }, node.title || node.label));
    return;
  }
  const what =
    node.kind === "column"
      ? "column " + node.label + (node.columnType ? " (" + node.columnType + ")" : "")
      : node.kind === "port"
        ? "output port " + node.label.split(" · ").pop()
        : "major version " + node.major;
  mount(
    details,
    h("h3", {}, node.product),
    h("p", { class: "muted" }, what),
    h(
      "div",
      { class: "button-row" },
      h("a", { class: "button primary", href: productHref(node.product, node.major), id: "open-node" }, "Open product"),
      h("a", { class: "button", href: href(node.product, node.major, direction, depth, columns) }, "Explore from here")
    )
  );
}
