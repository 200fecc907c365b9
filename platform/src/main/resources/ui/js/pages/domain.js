// Domains: the business domains of the mesh, and one domain's products with their owners and how
// they feed each other.

import { domainHref, h, inBatches, loading, mount, notice, productHref } from "../dom.js";
import { domainColor, drawGraph } from "../graphs.js";
import { loadLineage } from "../lineage.js";
import { findProducts, productCard, productList } from "../products.js";

export async function renderDomains(container) {
  mount(container, loading("domains"));
  const products = await productList();
  const domains = new Map();
  for (const product of products) {
    const domain = product.product.split("/")[0];
    if (!domains.has(domain)) {
      domains.set(domain, []);
    }
    domains.get(domain).push(product);
  }
  mount(
    container,
    h("div", { class: "hero" }, h("h1", {}, "Domains"), h("p", { class: "muted" }, "Each business domain owns and publishes its data products.")),
    h(
      "div",
      { class: "cards domains", id: "domains" },
      [...domains.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([domain, members]) =>
          h(
            "article",
            { class: "card domain-card", style: "--domain:" + domainColor(domain), dataset: { domain } },
            h("h3", {}, h("span", { class: "dot" }), h("a", { href: domainHref(domain) }, domain)),
            h("p", { class: "muted" }, members.length === 1 ? "1 data product" : members.length + " data products"),
            h(
              "ul",
              { class: "plain" },
              members.map((member) => h("li", {}, h("a", { href: productHref(member.product, member.major) }, member.product.split("/")[1])))
            ),
            h("p", { class: "fine" }, "Owners: " + [...new Set(members.map((member) => member.owner))].join(", "))
          )
        )
    )
  );
}

export async function renderDomain(container, route, context) {
  const domain = route.path[1];
  context.setTitle("Domain " + domain);
  mount(container, loading("the " + domain + " domain"));
  const found = await findProducts("", ["domain:" + domain], 100);
  const owners = [...new Set(found.hits.map((hit) => hit.owner))];
  const graphBox = h("div", { class: "graph", id: "domain-graph", role: "img", "aria-label": "Lineage of the " + domain + " domain" });
  const kinds = new Map();
  found.hits.forEach((hit) => kinds.set(hit.kind || "undeclared", (kinds.get(hit.kind || "undeclared") || 0) + 1));
  mount(
    container,
    h(
      "header",
      { class: "product-header", style: "--domain:" + domainColor(domain) },
      h("nav", { class: "breadcrumb" }, h("a", { href: "#/domains" }, "Domains"), " / ", h("span", {}, domain)),
      h("div", { class: "title-row" }, h("span", { class: "dot big" }), h("h1", { id: "domain-title" }, domain)),
      h(
        "dl",
        { class: "facts" },
        h("div", { class: "fact" }, h("dt", {}, "Products"), h("dd", {}, String(found.total))),
        h("div", { class: "fact" }, h("dt", {}, "Owners"), h("dd", {}, owners.join(", ") || "–")),
        h(
          "div",
          { class: "fact" },
          h("dt", {}, "Kinds"),
          h("dd", {}, [...kinds.entries()].map(([kind, count]) => kind + " " + count).join(" · ") || "–")
        )
      )
    ),
    found.hits.length === 0
      ? notice("empty", "No product in this domain", "Nothing is deployed under " + domain + " yet.")
      : h("div", { class: "cards", id: "domain-products" }, found.hits.map(productCard)),
    found.hits.length === 0
      ? null
      : h(
          "section",
          { class: "panel domain-flows" },
          h("h2", {}, "How data flows through " + domain),
          graphBox,
          h("p", { class: "fine" }, "The domain's products, what they read and who reads them; products of other domains are faded. Click a product to open it.")
        )
  );
  if (found.hits.length === 0) {
    return;
  }
  const merged = { nodes: new Map(), edges: new Map() };
  await inBatches(found.hits, 3, async (hit) => {
    const [hitDomain, hitName] = hit.product.split("/");
    const lineage = await loadLineage(hitDomain, hitName, hit.major, "both", 1);
    lineage.nodes.forEach((node) => {
      const inside = node.domain === domain || (node.kind === "source" && node.id.startsWith(domain + "/"));
      if (!merged.nodes.has(node.id) || node.current) {
        merged.nodes.set(node.id, { ...node, current: false, missing: !inside });
      }
    });
    lineage.edges.forEach((edge) => merged.edges.set(edge.source + "→" + edge.target, edge));
  });
  if (!graphBox.isConnected) {
    return;
  }
  const cy = drawGraph(graphBox, { nodes: [...merged.nodes.values()], edges: [...merged.edges.values()] }, { onOpen: (node) => context.navigate(node.href) });
  context.onCleanup(() => cy.destroy());
}
