// What several pages share about products: finding them (search, or the product list when the
// server has no search yet), their cards, and every product's root document.

import { cached, optional, productPath } from "./api.js";
import { badge, domainHref, h, inBatches, kindBadge, productHref, sloBadge, tagChips } from "./dom.js";
import { domainColor } from "./graphs.js";

export const FACETS = [
  ["domain", "Domain"],
  ["kind", "Kind"],
  ["tag", "Tag"],
  ["owner", "Owner"],
  ["classification", "Classification"],
  ["slo", "SLO status"],
  ["state", "State"],
];

/**
 * Searches products: {hits, total, facets, searched: true} from GET /search, or, on a server
 * without search, the product list filtered here ({searched: false}).
 */
export async function findProducts(text, filters, limit = 60) {
  const params = new URLSearchParams();
  if (text) {
    params.set("q", text);
  }
  filters.forEach((filter) => params.append("facet", filter));
  params.set("limit", String(Math.min(limit, 100)));
  const result = await optional("/search?" + params.toString());
  if (result) {
    return { ...result, searched: true };
  }
  return { ...(await filterList(text, filters)), searched: false };
}

async function filterList(text, filters) {
  const products = await cached("/products", 10);
  const words = (text || "").toLowerCase().split(/\s+/).filter(Boolean);
  const wanted = {};
  for (const filter of filters) {
    const [facet, ...rest] = filter.split(":");
    (wanted[facet] = wanted[facet] || new Set()).add(rest.join(":"));
  }
  const values = (product) => ({
    domain: [product.product.split("/")[0]],
    kind: product.kind ? [product.kind] : [],
    owner: [product.owner],
    state: product.state ? [product.state] : [],
  });
  const matchesText = (product) => {
    const haystack = [product.product, product.description, product.owner, ...(product.ports || [])].join(" ").toLowerCase();
    return words.every((word) => haystack.includes(word));
  };
  const passes = (product, except) =>
    Object.entries(wanted).every(
      ([facet, allowed]) => facet === except || (values(product)[facet] || []).some((value) => allowed.has(value))
    );
  const textHits = products.filter(matchesText);
  const hits = textHits.filter((product) => passes(product));
  const facets = {};
  for (const facet of ["domain", "kind", "owner"]) {
    const counts = new Map();
    textHits
      .filter((product) => passes(product, facet))
      .forEach((product) => values(product)[facet].forEach((value) => counts.set(value, (counts.get(value) || 0) + 1)));
    facets[facet] = [...counts.entries()].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
  }
  return {
    total: hits.length,
    hits: hits.map((product) => ({ ...product, sloStatus: null, tags: null })),
    facets,
  };
}

/** Where a search matched, in words: "Matched column user_id of port events". */
function matchView(hit) {
  if (!hit.matched || hit.matched === "name") {
    return null;
  }
  const parts = [];
  if (hit.column) {
    parts.push("column ", h("code", {}, hit.column), " of ");
  }
  if (hit.port) {
    parts.push("port ", h("code", {}, hit.port));
  }
  if (hit.matched === "description") {
    return h("div", { class: "card-match" }, "Matched the description", parts.length ? [" of ", ...parts] : null);
  }
  if (hit.matched === "column" || hit.matched === "port") {
    return h("div", { class: "card-match" }, "Matched ", ...parts);
  }
  return h("div", { class: "card-match" }, "Matched its " + hit.matched);
}

/** A product as a card: identity, kind, owner, description, tags, SLO, and where a search matched. */
export function productCard(hit) {
  const [domain, name] = hit.product.split("/");
  const where = matchView(hit);
  return h(
    "article",
    { class: "card product-card", dataset: { product: hit.product } },
    h(
      "div",
      { class: "card-top" },
      h(
        "a",
        { class: "domain-chip", href: domainHref(domain), style: "--domain:" + domainColor(domain) },
        h("span", { class: "dot" }),
        domain
      ),
      kindBadge(hit.kind)
    ),
    h(
      "h3",
      {},
      h("a", { class: "product-link", href: productHref(hit.product, hit.major) }, name),
      h("span", { class: "version" }, "v" + (hit.version || hit.major))
    ),
    h("p", { class: "card-description" }, hit.description || ""),
    where,
    h("div", { class: "tags" }, tagChips(hit.tags)),
    h(
      "div",
      { class: "card-foot" },
      h("span", { class: "owner", title: "Owner" }, hit.owner),
      h(
        "span",
        { class: "card-badges" },
        hit.sloStatus ? sloBadge(hit.sloStatus) : null,
        hit.state && hit.state !== "active" ? badge(hit.state, "warn") : null
      )
    )
  );
}

/** Every deployed product version: the product list. */
export function productList() {
  return cached("/products", 10);
}

/**
 * The root document of every deployed product version, as the caller sees it. Each document reads a
 * few sample rows (an audited read), so pages ask once and share the answers for a while.
 */
export async function allDocuments() {
  const products = await productList();
  return inBatches(products, 3, async (product) => {
    const [domain, name] = product.product.split("/");
    try {
      return await cached(productPath(domain, name, product.major), 60);
    } catch (error) {
      return { product: product.product, major: product.major, error: error.message };
    }
  });
}

/** The root document of one product version. */
export function productDocument(domain, name, major) {
  return cached(productPath(domain, name, major), 15);
}

