// Start Pagefind's search UI on the search page, with the query from ?q= if there is one.
(function () {
  "use strict";
  function start() {
    if (typeof PagefindUI === "undefined") return;
    var ui = new PagefindUI({ element: "#search", showSubResults: false, showImages: false, resetStyles: true });
    var query = new URLSearchParams(window.location.search).get("q");
    if (query) ui.triggerSearch(query);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
