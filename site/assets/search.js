// Start Pagefind's search UI on the search page, with the query from ?q= if there is one.
// The container carries the interface strings (data-label, data-placeholder, the result counts)
// from the catalogue.
(function () {
  "use strict";
  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  function summary(result) {
    // A record page marks its one-sentence summary with data-pagefind-meta="summary": show it
    // rather than Pagefind's excerpt of the page's field values.
    if (result.meta && result.meta.summary) {
      result.excerpt = escapeHtml(result.meta.summary); // shown as HTML
      delete result.meta.summary;
    }
    if (result.meta) delete result.meta.number; // for ranking only: the title names the document
    return result;
  }
  function label(container) {
    var input = container.querySelector(".pagefind-ui__search-input");
    if (!input || input.id) return;
    input.id = "vt-search-input";
    input.removeAttribute("title");
    var text = document.createElement("label");
    text.className = "vt-search-label";
    text.htmlFor = input.id;
    text.textContent = container.getAttribute("data-label");
    var form = input.closest("form") || input.parentNode;
    form.parentNode.insertBefore(text, form);
  }
  function bundle(container) {
    // The language's Pagefind bundle (pagefind/ or vi/pagefind/); the interface's script is the
    // default language's, shared.
    var path = container.getAttribute("data-bundle");
    return path ? new URL(path, window.location.href).href : null;
  }
  function parts(base, then) {
    // The index comes in parts of bounded size (tracker/search_index.py); parts.json lists every
    // part after the first, which is the bundle itself. Merged, they answer as one index.
    if (!base || typeof fetch === "undefined") return then([]);
    fetch(base + "parts.json")
      .then(function (response) { return response.ok ? response.json() : { parts: [] }; })
      .then(function (list) {
        then((list.parts || []).map(function (part) {
          return { bundlePath: new URL(part, base).pathname, ranking: RANKING };
        }));
      })
      .catch(function () { then([]); });
  }
  // A document's page holds its official number as metadata (`number`, in the page header): a query
  // that matches it ranks the document before the pages that only cite it.
  var RANKING = { metaWeights: { number: 10 } };
  function start(container, base, merged) {
    if (typeof PagefindUI === "undefined") return;
    var ui = new PagefindUI({
      element: "#vt-results",
      bundlePath: base ? new URL(base).pathname : undefined,
      showSubResults: false,
      showImages: false,
      resetStyles: true,
      processResult: summary,
      ranking: RANKING,
      mergeIndex: merged,
      // Search in this page's thread, not in Pagefind's web worker: a first query then does not fetch
      // pagefind-worker.js (41 kB, as much again as pagefind.js), and a query here is a few ms of work.
      noWorker: true,
      translations: {
        placeholder: container.getAttribute("data-placeholder"),
        many_results: container.getAttribute("data-many-results"),
        one_result: container.getAttribute("data-one-result"),
        zero_results: container.getAttribute("data-zero-results"),
        load_more: container.getAttribute("data-load-more"),
      },
    });
    label(container);
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }
  function load() {
    var container = document.getElementById("vt-results");
    if (!container) return;
    var base = bundle(container);
    parts(base, function (merged) { start(container, base, merged); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
})();
