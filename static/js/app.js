/* The dashboard's only script: draws the charts, submits filter forms, sorts tables.
 * No inline scripts anywhere: figures arrive as JSON in <script type="application/json"> (json_script). */
(function () {
  "use strict";

  function drawCharts() {
    if (typeof window.Plotly === "undefined") { return; }
    var topojsonURL = document.body.getAttribute("data-topojson-url");
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-figure"));
      if (!source) { return; }
      var figure = JSON.parse(source.textContent);
      var config = {
        responsive: true,
        displaylogo: false,
        topojsonURL: topojsonURL,  // the map's countries come from our own static files, never a CDN
        modeBarButtonsToRemove: ["lasso2d", "select2d"],
        toImageButtonOptions: { filename: el.id }
      };
      window.Plotly.newPlot(el, { data: figure.data, layout: figure.layout, frames: figure.frames || [], config: config })
        .then(function () { el.setAttribute("data-drawn", "true"); });
    });
  }

  // Filter forms: drop empty fields (clean, shareable URLs) and resubmit when a select changes.
  function wireFilters() {
    document.querySelectorAll("form.filters, form.as-of").forEach(function (form) {
      form.addEventListener("submit", function () {
        form.querySelectorAll("input, select").forEach(function (field) {
          if (field.name && field.value === "") { field.disabled = true; }
        });
      });
    });
    document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
      select.addEventListener("change", function () {
        if (select.form.requestSubmit) { select.form.requestSubmit(); } else { select.form.submit(); }
      });
    });
  }

  // Click a column header of a .sortable table to sort by it (numbers, dates in data-sort, text).
  function wireSorting() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      var headers = table.querySelectorAll("thead th");
      headers.forEach(function (th, index) {
        th.setAttribute("tabindex", "0");
        function sort() {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows).filter(function (r) { return r.cells.length > index; });
          function key(row) {
            var cell = row.cells[index];
            var raw = cell.getAttribute("data-sort");
            var text = raw !== null ? raw : cell.textContent.trim();
            var number = parseFloat(text.replace(/[×%,]/g, ""));
            return /^-?[\d.,]+%?$/.test(text.replace(/[×\s]/g, "")) && !isNaN(number) ? number : text.toLowerCase();
          }
          rows.sort(function (a, b) {
            var ka = key(a), kb = key(b);
            var result = typeof ka === "number" && typeof kb === "number" ? ka - kb : String(ka).localeCompare(String(kb));
            return ascending ? result : -result;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        }
        th.addEventListener("click", sort);
        th.addEventListener("keydown", function (event) { if (event.key === "Enter") { sort(); } });
      });
    });
  }

  function start() { drawCharts(); wireFilters(); wireSorting(); }
  // Coming back to a page from the history: fields disabled on submit must work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.filters [disabled], form.as-of [disabled]").forEach(function (f) { f.disabled = false; });
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
