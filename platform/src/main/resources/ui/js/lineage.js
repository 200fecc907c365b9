// Lineage as a drawable graph: from GET /lineage/... when the server has it, else walked here over
// the root documents' inputs and downstream consumers.

import { optional } from "./api.js";
import { parseProductRef, productHref } from "./dom.js";
import { productDocument } from "./products.js";

export const DIRECTIONS = ["both", "upstream", "downstream"];

function productNode(ref, current) {
  return {
    id: ref.product + ":" + ref.major,
    kind: "product",
    label: ref.name + "\n" + ref.domain,
    domain: ref.domain,
    product: ref.product,
    major: ref.major,
    current,
    href: productHref(ref.product, ref.major),
  };
}

/**
 * The lineage of a product version: {nodes, edges, source: "api" | "documents"}. Nodes are
 * products and the sources outside the mesh that they read; an edge goes the way data flows.
 */
export async function loadLineage(domain, name, major, direction = "both", depth = 2) {
  const params = new URLSearchParams({ direction, depth: String(depth) });
  const path =
    "/lineage/" + encodeURIComponent(domain) + "/" + encodeURIComponent(name) + "/" + encodeURIComponent(major) + "?" + params;
  const answer = await optional(path);
  if (answer) {
    return { ...fromApi(answer, domain + "/" + name + ":" + major), source: "api" };
  }
  return { ...(await fromDocuments(domain, name, major, direction, depth)), source: "documents" };
}

/** The API's graph reduced to products and sources: ports and columns count as their product. */
export function fromApi(answer, focus) {
  const graph = answer.graph || answer;
  const raw = graph.nodes || [];
  const byId = new Map(raw.map((node) => [node.id, node]));
  const owner = (id) => {
    let node = byId.get(id);
    const seen = new Set();
    while (node && node.kind !== "product" && node.kind !== "source" && node.parent && !seen.has(node.id)) {
      seen.add(node.id);
      node = byId.get(node.parent);
    }
    if (!node) {
      // an id the graph does not list: a port or column id names its product
      const ref = parseProductRef(id);
      return ref && ref.major !== null ? { id: ref.product + ":" + ref.major, kind: "product" } : null;
    }
    return node;
  };
  const nodes = new Map();
  const add = (node) => {
    if (!node || nodes.has(node.id)) {
      return;
    }
    if (node.kind === "product") {
      const ref = parseProductRef(node.id);
      if (!ref) {
        return;
      }
      const made = productNode(ref, node.id === focus);
      made.missing = node.attributes && node.attributes.deployed === false;
      nodes.set(node.id, made);
    } else {
      nodes.set(node.id, {
        id: node.id,
        kind: "source",
        label: sourceLabel(node),
        title: node.label,
      });
    }
  };
  raw.filter((node) => node.kind === "product" || node.kind === "source").forEach(add);
  const edges = new Map();
  for (const edge of graph.edges || []) {
    const from = owner(edge.from || edge.source);
    const to = owner(edge.to || edge.target);
    if (!from || !to || from.id === to.id) {
      continue;
    }
    add(from);
    add(to);
    const key = from.id + "→" + to.id;
    if (!edges.has(key)) {
      edges.set(key, { source: from.id, target: to.id, label: edge.label || "", kind: edge.kind || "reads" });
    }
  }
  if (!nodes.has(focus)) {
    const ref = parseProductRef(focus);
    if (ref) {
      nodes.set(focus, productNode(ref, true));
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** A source's label in two short lines: its kind, then the file, table or topic. */
function sourceLabel(node) {
  const attributes = node.attributes || {};
  if (attributes.sourceKind === "jdbc") {
    return "database\n" + (attributes.table || "query");
  }
  if (attributes.sourceKind === "kafka" && attributes.topic) {
    return "kafka topic\n" + shorten(attributes.topic);
  }
  return shortSource(node.label || node.id);
}

function shorten(text) {
  return text.length > 28 ? text.slice(0, 27) + "…" : text;
}

function shortSource(label) {
  const text = String(label);
  const file = /^file (.*)$/.exec(text);
  if (file) {
    const parts = file[1].split("/");
    const last = parts.pop();
    return "file\n" + (last.startsWith("*") && parts.length ? parts.pop() + "/" : "") + last;
  }
  return shorten(text);
}

async function fromDocuments(domain, name, major, direction, depth) {
  const focus = { domain, name, product: domain + "/" + name, major: Number(major) };
  const nodes = new Map();
  const edges = new Map();
  const focusId = focus.product + ":" + focus.major;
  nodes.set(focusId, productNode(focus, true));
  const addEdge = (source, target, label) => {
    const key = source + "→" + target;
    if (!edges.has(key)) {
      edges.set(key, { source, target, label: label || "", kind: "reads" });
    }
  };

  async function walk(way) {
    const seen = new Set([focusId]);
    let frontier = [focus];
    for (let distance = 1; distance <= depth && frontier.length > 0; distance++) {
      const next = [];
      for (const ref of frontier) {
        let doc;
        try {
          doc = await productDocument(ref.domain, ref.name, ref.major);
        } catch {
          continue;
        }
        const here = doc.product + ":" + doc.major;
        if (way === "upstream") {
          for (const input of doc.inputs || []) {
            if (input.kind === "product") {
              const upstream = parseProductRef(input.source);
              if (!upstream || upstream.major === null) {
                continue;
              }
              const id = upstream.product + ":" + upstream.major;
              if (!nodes.has(id)) {
                nodes.set(id, productNode(upstream, false));
              }
              addEdge(id, here, input.name);
              if (!seen.has(id)) {
                seen.add(id);
                next.push(upstream);
              }
            } else {
              const id = here + "/inputs/" + input.name;
              nodes.set(id, {
                id,
                kind: "source",
                label: shortSource(input.kind + " " + input.source),
                title: input.kind + " " + input.source,
              });
              addEdge(id, here, input.name);
            }
          }
        } else {
          for (const consumer of doc.downstream || []) {
            const downstream = parseProductRef(consumer);
            if (!downstream || downstream.major === null) {
              continue;
            }
            const id = downstream.product + ":" + downstream.major;
            if (!nodes.has(id)) {
              nodes.set(id, productNode(downstream, false));
            }
            const how = /\((.*)\)/.exec(consumer);
            addEdge(here, id, how ? how[1].split(" <- ")[0] : "");
            if (!seen.has(id)) {
              seen.add(id);
              next.push(downstream);
            }
          }
        }
      }
      frontier = next;
    }
  }

  if (direction !== "downstream") {
    await walk("upstream");
  }
  if (direction !== "upstream") {
    await walk("downstream");
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/**
 * Column-level lineage: each output port (or outside source) as a box of its columns, an edge from
 * each column to the columns computed from it, styled by how (direct, transformed, aggregated).
 * Null when the server has no lineage endpoint.
 */
export async function loadColumnLineage(domain, name, major, direction = "both", depth = 2) {
  const params = new URLSearchParams({ direction, depth: String(depth), columns: "true" });
  const path =
    "/lineage/" + encodeURIComponent(domain) + "/" + encodeURIComponent(name) + "/" + encodeURIComponent(major) + "?" + params;
  const answer = await optional(path);
  if (!answer) {
    return null;
  }
  const focus = domain + "/" + name + ":" + major;
  const nodes = [];
  for (const node of answer.nodes || []) {
    const ref = parseProductRef(node.id);
    if (node.kind === "port" && ref) {
      nodes.push({
        id: node.id,
        kind: "port",
        label: ref.name + " · " + node.label,
        domain: ref.domain,
        product: ref.product,
        major: ref.major,
        current: ref.product + ":" + ref.major === focus,
        href: productHref(ref.product, ref.major),
      });
    } else if (node.kind === "source") {
      nodes.push({ id: node.id, kind: "source", label: sourceLabel(node).replace("\n", " "), title: node.label });
    } else if (node.kind === "column" && node.parent) {
      nodes.push({
        id: node.id,
        kind: "column",
        label: node.label,
        parent: node.parent,
        domain: ref ? ref.domain : null,
        product: ref ? ref.product : null,
        major: ref ? ref.major : null,
        columnType: node.attributes && node.attributes.type,
      });
    }
  }
  const ids = new Set(nodes.map((node) => node.id));
  const edges = (answer.edges || [])
    .filter((edge) => edge.kind === "derives" && ids.has(edge.from) && ids.has(edge.to))
    .map((edge) => ({
      source: edge.from,
      target: edge.to,
      kind: "derives",
      how: (edge.attributes && edge.attributes.how) || edge.label || "direct",
      label: "",
    }));
  return { nodes, edges, source: "api" };
}
