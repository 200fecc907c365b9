// The Quanta web UI: a hash router over the pages, the header (search, navigation, who is signed
// in) and the sign-in box. Served by `quanta up` at /; every API call carries the user's token.

import { api, ApiError, onUnauthenticated, setToken, signOut, token } from "./api.js";
import { h, mount, notice } from "./dom.js";
import { renderHome } from "./pages/home.js";
import { renderProduct } from "./pages/product.js";
import { renderDomain, renderDomains } from "./pages/domain.js";
import { renderLineage } from "./pages/lineage.js";
import { renderKnowledgeGraph } from "./pages/knowledge.js";
import { renderGovernance } from "./pages/governance.js";

const main = document.getElementById("main");
const userBox = document.getElementById("user");
const searchForm = document.getElementById("search-form");
const searchInput = document.getElementById("search");
const nav = document.getElementById("nav");

let whoami = null;
let cleanups = [];
let typing = null;

/** The route of the current hash: {path: ["products", "podcasts", ...], params: URLSearchParams}. */
export function currentRoute() {
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query] = hash.split("?", 2);
  return {
    path: path.split("/").filter(Boolean).map(decodeURIComponent),
    params: new URLSearchParams(query || ""),
  };
}

/** Goes to a hash route, e.g. navigate("#/products/podcasts/play-events"). */
export function navigate(href) {
  if (location.hash === href) {
    render();
  } else {
    location.hash = href;
  }
}

const PAGES = [
  { match: (path) => path.length === 0, section: "products", render: renderHome, title: "Data products" },
  { match: (path) => path[0] === "products" && path.length >= 3, section: "products", render: renderProduct },
  { match: (path) => path[0] === "domains" && path.length === 1, section: "domains", render: renderDomains, title: "Domains" },
  { match: (path) => path[0] === "domains" && path.length === 2, section: "domains", render: renderDomain },
  { match: (path) => path[0] === "lineage", section: "lineage", render: renderLineage, title: "Lineage" },
  { match: (path) => path[0] === "graph", section: "graph", render: renderKnowledgeGraph, title: "Knowledge graph" },
  { match: (path) => path[0] === "governance", section: "governance", render: renderGovernance, title: "Governance" },
];

async function render() {
  cleanups.forEach((cleanup) => {
    try {
      cleanup();
    } catch {
      // a page's cleanup must not stop the next page
    }
  });
  cleanups = [];
  window.scrollTo(0, 0);
  if (!token()) {
    showSignIn();
    return;
  }
  if (!whoami) {
    try {
      whoami = await api("/whoami");
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        return; // onUnauthenticated shows the sign-in box
      }
      mount(main, notice("error", "The Quanta API cannot be reached", error.message));
      return;
    }
    showUser();
  }
  document.body.classList.remove("signed-out");
  const route = currentRoute();
  const page = PAGES.find((candidate) => candidate.match(route.path));
  for (const link of nav.querySelectorAll("a")) {
    link.classList.toggle("active", page && link.dataset.section === page.section);
  }
  if (route.path.length === 0 && document.activeElement !== searchInput) {
    searchInput.value = route.params.get("q") || "";
  }
  const container = h("div", { class: "page" });
  mount(main, container);
  if (!page) {
    document.title = "Not found · Quanta";
    mount(container, notice("empty", "No such page", "Start from the product list."), h("a", { href: "#/" }, "All data products"));
    return;
  }
  document.title = (page.title || "Quanta") + " · Quanta";
  try {
    await page.render(container, route, {
      whoami,
      navigate,
      onCleanup: (cleanup) => cleanups.push(cleanup),
      setTitle: (title) => (document.title = title + " · Quanta"),
    });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      return;
    }
    console.error(error);
    mount(
      container,
      notice(
        "error",
        error instanceof ApiError ? error.problem.title || "The request failed" : "Something went wrong",
        error.message
      )
    );
  }
}

function showUser() {
  const groups = (whoami.groups || []).join(", ");
  const roles = (whoami.roles || []).join(", ");
  mount(
    userBox,
    h(
      "div",
      {
        class: "user",
        id: "whoami",
        title: [groups && "groups: " + groups, roles && "roles: " + roles].filter(Boolean).join("\n") || "no groups or roles",
      },
      h("span", { class: "avatar", "aria-hidden": "true" }, (whoami.user || "?").slice(0, 1).toUpperCase()),
      h("span", { class: "user-name" }, whoami.user),
      groups ? h("span", { class: "user-groups" }, groups) : null
    ),
    h(
      "button",
      {
        type: "button",
        class: "link-button",
        id: "sign-out",
        onclick: () => {
          signOut();
          whoami = null;
          render();
        },
      },
      "Sign out"
    )
  );
}

function showSignIn(message) {
  whoami = null;
  document.body.classList.add("signed-out");
  document.title = "Sign in · Quanta";
  userBox.replaceChildren();
  const input = h("input", {
    id: "token",
    type: "password",
    name: "token",
    autocomplete: "off",
    spellcheck: "false",
    placeholder: "qnt_…",
    required: true,
    "aria-label": "Token",
  });
  const error = h("div", { class: "form-error", role: "alert" }, message || "");
  const form = h(
    "form",
    {
      class: "signin",
      id: "sign-in",
      onsubmit: async (event) => {
        event.preventDefault();
        const value = input.value.trim();
        if (!value) {
          return;
        }
        setToken(value);
        try {
          whoami = await api("/whoami", { quiet: true });
        } catch (failure) {
          signOut();
          error.textContent =
            failure instanceof ApiError && failure.status === 401
              ? "This token is not valid: it may be mistyped, revoked or expired."
              : "The API did not answer: " + failure.message;
          input.select();
          return;
        }
        showUser();
        render();
      },
    },
    h("div", { class: "signin-mark", "aria-hidden": "true" }, logo(44)),
    h("h1", {}, "Sign in to Quanta"),
    h(
      "p",
      { class: "muted" },
      "Paste your token. Every read is made as you, under each product's policies. Create one with ",
      h("code", {}, "quanta token create --user NAME"),
      "; the demo prints one as ",
      h("code", {}, "QUANTA_TOKEN"),
      "."
    ),
    h("label", { for: "token" }, "Token"),
    input,
    error,
    h("button", { type: "submit", class: "primary", id: "sign-in-button" }, "Sign in"),
    h("p", { class: "fine" }, "The token is kept in this tab only (session storage) and sent to this server alone.")
  );
  mount(main, h("div", { class: "signin-page" }, form));
  input.focus();
}

/** The mark: a cube of three faces, the architectural quantum. */
export function logo(size = 26) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 32 32");
  svg.setAttribute("width", size);
  svg.setAttribute("height", size);
  const faces = [
    ["M16 3 L28 9.5 L16 16 L4 9.5 Z", "#818cf8"],
    ["M4 9.5 L16 16 L16 29 L4 22.5 Z", "#4f46e5"],
    ["M28 9.5 L16 16 L16 29 L28 22.5 Z", "#3730a3"],
  ];
  for (const [d, fill] of faces) {
    const path = document.createElementNS(ns, "path");
    path.setAttribute("d", d);
    path.setAttribute("fill", fill);
    svg.appendChild(path);
  }
  return svg;
}

onUnauthenticated(() => {
  signOut();
  showSignIn("Your token was refused (revoked or expired?). Sign in again.");
});

searchForm.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typing);
  const text = searchInput.value.trim();
  const params = new URLSearchParams(currentRoute().path.length === 0 ? currentRoute().params : "");
  if (text) {
    params.set("q", text);
  } else {
    params.delete("q");
  }
  const query = params.toString();
  navigate("#/" + (query ? "?" + query : ""));
});

// On the product list, results follow the typing; elsewhere Enter searches.
searchInput.addEventListener("input", () => {
  if (currentRoute().path.length !== 0) {
    return;
  }
  clearTimeout(typing);
  typing = setTimeout(() => {
    const params = new URLSearchParams(currentRoute().params);
    const text = searchInput.value.trim();
    if (text) {
      params.set("q", text);
    } else {
      params.delete("q");
    }
    const query = params.toString();
    location.replace("#/" + (query ? "?" + query : ""));
  }, 300);
});

document.getElementById("brand").replaceChildren(logo(), h("span", {}, "Quanta"));
window.addEventListener("hashchange", render);
render();
