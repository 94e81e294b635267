// Sort and filter the index tables in the browser. Without JavaScript every row stays visible.
// A table with data-sortable sorts by a click on a column heading; a div.vt-filters with
// data-filters-for="TABLE-ID" holds selects (data-filter-column = column index) and a text box.
// A select with data-filter-param="NAME" starts on the option named by ?NAME=... in the page's
// address, if it has one (the home page links to /deadlines/?status=Past+deadline%2C+no+completion+reported),
// by its text or by its data-key, the same in every language (a status's code or a record's id:
// ?status=overdue, ?jurisdiction=VN-HN); choosing an option writes it into the address, so that a
// filtered table can be linked to. A button[data-download-shown] in the panel downloads the rows
// shown, as the table shows them, in a CSV file made for Excel: UTF-8 with a byte order mark, CRLF
// line ends, and every cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR at its
// start) prefixed with an apostrophe, as the package's own CSV downloads are (OWASP).
(function () {
  "use strict";

  function cellValue(row, index, attribute) {
    var cell = row.cells[index];
    if (!cell) return "";
    var value = cell.getAttribute(attribute);
    return value !== null ? value : cell.textContent.trim();
  }

  function compare(a, b) {
    var x = parseFloat(a), y = parseFloat(b);
    if (!isNaN(x) && !isNaN(y) && String(x) === a.trim() && String(y) === b.trim()) return x - y;
    return a.localeCompare(b, undefined, { numeric: true, sensitivity: "base" });
  }

  function makeSortable(table) {
    var headings = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headings, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "vt-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headings, function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (r1, r2) {
          var order = compare(cellValue(r1, index, "data-sort"), cellValue(r2, index, "data-sort"));
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  }

  function fold(text) {
    // Lower case without diacritics, so that "vien phi" matches "viện phí".
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "d").toLowerCase();
  }

  function makeFilterable(panel) {
    var table = document.getElementById(panel.getAttribute("data-filters-for"));
    if (!table) return;
    var selects = panel.querySelectorAll("select[data-filter-column]");
    var text = panel.querySelector("input[data-filter-text]");
    var count = panel.querySelector("output[data-count]");
    function apply() {
      var words = text ? fold(text.value).split(/\s+/).filter(Boolean) : [];
      var shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var visible = Array.prototype.every.call(selects, function (select) {
          if (!select.value) return true;
          var values = cellValue(row, Number(select.getAttribute("data-filter-column")), "data-values").split("|");
          return values.indexOf(select.value) !== -1;
        });
        var haystack = fold(row.textContent);
        visible = visible && words.every(function (word) { return haystack.indexOf(word) !== -1; });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) count.textContent = shown + " / " + table.tBodies[0].rows.length;
    }
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(selects, function (select) {
      var wanted = params.get(select.getAttribute("data-filter-param") || "");
      Array.prototype.forEach.call(select.options, function (o) {
        if (wanted && (o.value === wanted || o.getAttribute("data-key") === wanted)) select.value = o.value;
      });
      select.addEventListener("change", function () {
        apply();
        if (select.hasAttribute("data-filter-param")) {  // the address names the filters: copy it to share them
          var query = filterQuery().toString();
          history.replaceState(history.state, "", window.location.pathname + (query ? "?" + query : "") + window.location.hash);
        }
      });
    });
    if (text) text.addEventListener("input", apply);
    var download = panel.querySelector("button[data-download-shown]");
    if (download) makeDownloadable(download, table);
    panel.hidden = false;
    apply();
  }

  function csvCell(text) {
    var value = text.replace(/\s+/g, " ").trim();
    if (/^[=+\-@\t\r]/.test(value)) value = "'" + value;
    return '"' + value.replace(/"/g, '""') + '"';
  }

  function shownAsCsv(table) {
    var lines = [];
    var head = table.tHead ? table.tHead.rows[0].cells : [];
    lines.push(Array.prototype.map.call(head, function (th) { return csvCell(th.textContent); }).join(","));
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      if (row.hidden || row.cells.length !== head.length) return;  // filtered out, or the "none" row
      lines.push(Array.prototype.map.call(row.cells, function (td) { return csvCell(td.innerText); }).join(","));
    });
    return "\uFEFF" + lines.join("\r\n") + "\r\n";
  }

  function makeDownloadable(button, table) {
    button.addEventListener("click", function () {
      var name = window.location.pathname.split("/").filter(Boolean).slice(-3).join("-") || "table";
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([shownAsCsv(table)], { type: "text/csv;charset=utf-8" }));
      link.download = name + ".csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
    });
    button.hidden = false;
  }

  function filterQuery() {
    // The page's query with each named filter as chosen: an option with data-key is named by it,
    // the same in every language; other values as they are; a filter on "all" is left out.
    var params = new URLSearchParams(window.location.search);
    Array.prototype.forEach.call(document.querySelectorAll("select[data-filter-param]"), function (select) {
      var name = select.getAttribute("data-filter-param");
      var option = select.options[select.selectedIndex];
      if (!select.value) params.delete(name);
      else params.set(name, (option && option.getAttribute("data-key")) || select.value);
    });
    return params;
  }

  function keepQuery(link) {
    // The language switch leads to the same page with the same query and fragment (a search, a
    // table's filters). Without JavaScript the link is the bare page.
    link.addEventListener("click", function () {
      var query = filterQuery().toString();
      link.href = link.href.split(/[?#]/)[0] + (query ? "?" + query : "") + window.location.hash;
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("a.vt-lang__link"), function (link) {
      if (!link.dataset.ready) { link.dataset.ready = "1"; keepQuery(link); }
    });
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
      if (!table.dataset.ready) { table.dataset.ready = "1"; makeSortable(table); }
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-filters-for]"), function (panel) {
      if (!panel.dataset.ready) { panel.dataset.ready = "1"; makeFilterable(panel); }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
