/* The dashboard's only script: draws the charts, submits filter forms, sorts tables, opens the menu.
 * No inline scripts anywhere: figures arrive as JSON in <script type="application/json"> (json_script).
 * plotly.js (our partial bundle, static/vendor/plotly-dashboard.min.js) is fetched only when a chart
 * comes near the screen, so a page whose charts are below the fold costs no chart code until then. */
(function () {
  "use strict";

  // Phones: legends under the plot, short axis labels, no modebar. The CSS uses the same width.
  var PHONE = window.matchMedia("(max-width: 599px)");

  var plotlyLoading = null;
  function loadPlotly() {
    if (window.Plotly) { return Promise.resolve(window.Plotly); }
    if (!plotlyLoading) {
      plotlyLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = document.body.getAttribute("data-plotly-src");
        script.async = true;
        script.onload = function () { resolve(window.Plotly); };
        script.onerror = function () { plotlyLoading = null; reject(new Error("plotly.js did not load")); };
        document.head.appendChild(script);
      });
    }
    return plotlyLoading;
  }

  function copy(value) { return JSON.parse(JSON.stringify(value)); }

  // "United States (USA)" -> "USA"; a long framework name -> its first words and an ellipsis, or,
  // where two names begin alike, its first word and its last ("Global … Action Plan", "Global …
  // Initiative"). Only the tick labels change: hover text and the data table keep the full names.
  var SHORT = 16;
  function headOf(text) {
    var cut = text.slice(0, SHORT - 1);
    var space = cut.lastIndexOf(" ");
    return (space > 6 ? cut.slice(0, space) : cut) + "…";
  }
  function headAndTail(text) {
    var words = text.split(" ");
    var tail = words[words.length - 1];
    for (var i = words.length - 2; i > 0 && (tail.length + words[i].length) < SHORT - 4; i--) { tail = words[i] + " " + tail; }
    return words.length > 2 ? words[0] + " … " + tail : text;
  }
  function shortLabels(labels) {
    var texts = labels.map(String);
    var short = texts.map(function (text) {
      var code = /\(([A-Z][A-Z0-9-]{1,7})\)$/.exec(text);
      return code ? code[1] : (text.length <= SHORT ? text : headOf(text));
    });
    function clashes(list, i) { return list.indexOf(list[i]) !== list.lastIndexOf(list[i]); }
    var second = short.map(function (text, i) { return clashes(short, i) ? headAndTail(texts[i]) : text; });
    return second.map(function (text, i) { return clashes(second, i) ? texts[i] : text; });
  }

  function shortenCategoryAxis(layout, axisName, traces, key) {
    var labels = [];
    traces.forEach(function (trace) {
      (trace[key] || []).forEach(function (value) {
        if (typeof value === "string" && labels.indexOf(value) === -1) { labels.push(value); }
      });
    });
    var axis = layout[axisName] = layout[axisName] || {};
    if (!labels.length || (axis.type && axis.type !== "category")) { return; }
    var short = shortLabels(labels);
    if (short.every(function (text, i) { return text === labels[i]; })) { return; }
    axis.tickmode = "array";
    axis.tickvals = labels;
    axis.ticktext = short;
  }

  // A categorical colour bar (positions) as an HTML legend under the plot: it wraps to the width of
  // a phone, where nine labels side by side would not fit. Continuous bars lie down under the plot.
  function legendFromColorbar(trace) {
    var bar = trace.colorbar || {};
    if (!bar.ticktext || !trace.colorscale || !trace.colorscale.map) { return null; }
    var items = bar.ticktext.map(function (label, i) {
      var step = trace.colorscale[2 * i];
      return step ? { label: label, colour: step[1] } : null;
    });
    return items.every(Boolean) ? { title: (bar.title && bar.title.text) || "", items: items } : null;
  }

  function phoneFigure(el, figure) {
    var layout = figure.layout;
    var legend = null;
    var continuousBar = false;
    function lieDown(trace) {
      if (!trace.colorbar && trace.showscale !== true) { return; }
      var found = legendFromColorbar(trace);
      if (found) {
        legend = legend || found;
        trace.showscale = false;
      } else if (trace.colorbar) {
        // At the foot of the figure, below the x axis and its title, in room kept for it.
        Object.assign(trace.colorbar, {
          orientation: "h", x: 0.5, xanchor: "center", y: 0, yanchor: "bottom", yref: "container",
          len: 1, thickness: 10
        });
        // Plotly draws a lying bar's title over the bar; the chart's title above says what it measures.
        trace.colorbar.title = { text: "" };
        continuousBar = true;
      }
    }
    figure.data.forEach(lieDown);
    (figure.frames || []).forEach(function (frame) { (frame.data || []).forEach(lieDown); });
    if (continuousBar) {
      layout.margin = Object.assign({}, layout.margin);
      layout.margin.b = (layout.margin.b || 50) + 50;
    }
    // Numbers written in the cells of a wide heatmap would overrun cells this narrow: hover tells them.
    // A heatmap of a few columns fits the phone's width: it need not scroll sideways as wide ones do.
    figure.data.forEach(function (trace) {
      if (trace.type !== "heatmap") { return; }
      var columns = (trace.x || []).length;
      if (trace.texttemplate && columns > 6) { delete trace.texttemplate; }
      el.classList.toggle("fits-phone", columns <= 6);
    });
    // The traces' legend too becomes HTML under the plot (see traceLegend): plotly's own
    // horizontal legend wraps at the width of the plot area, which is narrow beside the y labels.
    if (!legend && layout.showlegend !== false && figure.data.some(function (t) { return t.name && t.showlegend !== false; })) {
      legend = { title: (layout.legend && layout.legend.title && layout.legend.title.text) || "", fromTraces: true };
      layout.showlegend = false;
    }
    // Axis titles lose their asides: "Actors (countries and blocs)" -> "Actors".
    ["xaxis", "yaxis"].forEach(function (axisName) {
      var t = layout[axisName] && layout[axisName].title;
      if (t && t.text) { t.text = String(t.text).replace(/\s*\(.*\)\s*$/, ""); }
    });
    // The figure's caption stands above the plot in the page (CSS), where it can wrap.
    if (layout.title) { layout.title = Object.assign({}, layout.title, { text: "" }); }
    layout.margin = Object.assign({}, layout.margin, { t: Math.min((layout.margin || {}).t || 20, 20), l: 8, r: 8 });
    // Short names on the y axis (countries by their codes, long names cut): the labels stand
    // beside the plot and would take half a phone's width.
    var cartesian = figure.data.filter(function (t) { return t.type !== "choropleth"; });
    if (cartesian.length) {
      shortenCategoryAxis(layout, "yaxis", cartesian, "y");
      layout.yaxis.automargin = true;
      layout.xaxis = Object.assign({}, layout.xaxis, { automargin: true });
      // Summit labels above a timeline overlap at this width; the dotted lines stay, hover names them.
      if ((layout.annotations || []).length > 2) {
        layout.annotations = layout.annotations.filter(function (a) { return a.yref !== "paper" || a.y < 1; });
      }
    }
    return legend;
  }

  // The legend entries of the drawn traces, in plotly's own colours (its colourway included).
  function traceLegend(el, title) {
    var items = [];
    (el._fullData || []).forEach(function (trace, i) {
      var wanted = el.originalFigure.data[i] || {};
      if (!trace.name || wanted.showlegend === false) { return; }
      if (items.some(function (item) { return item.label === trace.name; })) { return; }
      var colour = trace.fill && trace.fill !== "none" && trace.fillcolor ? trace.fillcolor
        : (trace.line && trace.line.color) || (trace.marker && typeof trace.marker.color === "string" && trace.marker.color);
      if (colour) { items.push({ label: trace.name, colour: colour }); }
    });
    return items.length ? { title: title, items: items } : null;
  }

  function showLegend(el, legend) {
    var old = el.parentNode.querySelector(".plot-legend[data-for='" + el.id + "']");
    if (old) { old.remove(); }
    if (!legend) { return; }
    var list = document.createElement("ul");
    list.className = "plot-legend";
    list.setAttribute("data-for", el.id);
    list.setAttribute("aria-label", legend.title ? "Colour key: " + legend.title : "Colour key");
    legend.items.forEach(function (item) {
      var li = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = item.colour;
      li.appendChild(swatch);
      li.appendChild(document.createTextNode(item.label));
      list.appendChild(li);
    });
    var more = document.createElement("li");
    more.className = "legend-method";
    var link = document.createElement("a");
    link.href = "/methodology/#positions";
    link.textContent = "What these mean";
    more.appendChild(link);
    list.appendChild(more);
    el.insertAdjacentElement("afterend", list);
  }

  function draw(el) {
    var source = document.getElementById(el.getAttribute("data-figure"));
    if (!source) { return Promise.resolve(); }
    if (!el.originalFigure) { el.originalFigure = JSON.parse(source.textContent); }
    var figure = copy(el.originalFigure);
    var phone = PHONE.matches;
    var legend = phone ? phoneFigure(el, figure) : null;
    // The page reserved the plot's height in CSS (no layout shift when it is drawn): draw into it.
    figure.layout.height = el.clientHeight || figure.layout.height;
    var config = {
      responsive: true,
      displaylogo: false,
      displayModeBar: phone ? false : "hover",
      topojsonURL: document.body.getAttribute("data-topojson-url"),  // our own static files, never a CDN
      modeBarButtonsToRemove: ["lasso2d", "select2d"],
      toImageButtonOptions: { filename: el.id }
    };
    if (!legend || !legend.fromTraces) { showLegend(el, legend); }
    return loadPlotly().then(function (Plotly) {
      var drawn = el.getAttribute("data-drawn") === "true";
      var render = drawn ? Plotly.react : Plotly.newPlot;
      return render(el, { data: figure.data, layout: figure.layout, frames: figure.frames || [], config: config });
    }).then(function () {
      if (legend && legend.fromTraces) { showLegend(el, traceLegend(el, legend.title)); }
      if (!drawnOnce(el)) { followLinks(el); stepWithKeys(el, figure); }
      el.setAttribute("data-drawn", "true");
    });
  }

  function drawnOnce(el) { return el.getAttribute("data-wired") === "true"; }

  // A state on a map links to its page: the figure gives each point's address as customdata.
  function followLinks(el) {
    el.setAttribute("data-wired", "true");
    el.on("plotly_click", function (event) {
      var point = event && event.points && event.points[0];
      var url = point && point.customdata;
      if (typeof url === "string" && url.charAt(0) === "/") { window.location.assign(url); }
    });
  }

  // The map's months from the keyboard: with the chart focused, the arrow keys step through its frames,
  // Home and End go to the first and last (the slider and the play button are drawn in SVG, which
  // keyboards cannot reach).
  function stepWithKeys(el, figure) {
    var frames = (figure.frames || []).map(function (frame) { return frame.name; });
    if (frames.length < 2) { return; }
    var at = frames.length - 1;
    el.setAttribute("tabindex", "0");
    el.setAttribute("aria-keyshortcuts", "ArrowLeft ArrowRight Home End");
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    el.parentNode.insertBefore(status, el.nextSibling);
    el.addEventListener("keydown", function (event) {
      var next = { ArrowLeft: at - 1, ArrowRight: at + 1, Home: 0, End: frames.length - 1 }[event.key];
      if (next === undefined) { return; }
      event.preventDefault();
      at = Math.max(0, Math.min(frames.length - 1, next));
      window.Plotly.animate(el, [frames[at]], { mode: "immediate", frame: { duration: 0, redraw: true }, transition: { duration: 0 } });
      status.textContent = "As of " + frames[at];
    });
  }

  // A chart as a file: the figure as drawn on a desktop (not the phone's variant), with its title, a
  // source line and the date of the view written into the image itself, so that a copy cited
  // elsewhere still says what it shows and where it came from. The CSV is a plain link (no script).
  function sourceLine(tools) {
    var version = document.getElementById("data-version");
    var release = version ? version.getAttribute("data-release") : "";
    var asOf = tools.getAttribute("data-as-of");
    var address = window.location.origin + window.location.pathname +
      (tools.getAttribute("data-as-of-chosen") ? "?as_of=" + asOf : "");
    return "Source: AI Governance Tracker, " + address + (release ? " · data release " + release : "") + " · as of " + asOf;
  }

  function exportFigure(el, tools) {
    var figure = copy(el.originalFigure);
    var layout = figure.layout;
    var margin = layout.margin = Object.assign({ t: 50, b: 50, l: 60, r: 20 }, layout.margin);
    var extra = 40;
    // An image has no use for the map's slider and play buttons; the date of the view is in the source line.
    delete layout.sliders;
    delete layout.updatemenus;
    margin.t = Math.max(margin.t, 50);
    margin.b += extra;
    // Room for a colour key of nine positions, however few rows the chart has.
    layout.height = Math.max(layout.height || 450, 420) + extra;
    layout.width = Math.max(el.clientWidth, 900);
    layout.title = Object.assign({ x: 0, xanchor: "left" }, layout.title, { text: tools.getAttribute("data-title") });
    layout.annotations = (layout.annotations || []).concat([{
      text: sourceLine(tools), showarrow: false, xref: "paper", yref: "paper", x: 0, y: 0,
      xanchor: "left", yanchor: "top", yshift: -(margin.b - extra + 12), align: "left",
      font: { size: 11, color: "#57606a" }
    }]);
    var config = { topojsonURL: document.body.getAttribute("data-topojson-url") };
    return { data: figure.data, layout: layout, config: config };
  }

  function wireDownloads() {
    document.querySelectorAll(".chart-tools").forEach(function (tools) {
      var el = document.getElementById(tools.getAttribute("data-for"));
      var buttons = tools.querySelector(".chart-downloads");
      if (!el || !buttons) { return; }
      buttons.hidden = false;
      buttons.querySelectorAll("button[data-download]").forEach(function (button) {
        button.addEventListener("click", function () {
          var format = button.getAttribute("data-download");
          var source = document.getElementById(el.getAttribute("data-figure"));
          if (!el.originalFigure && source) { el.originalFigure = JSON.parse(source.textContent); }
          button.disabled = true;
          loadPlotly().then(function (Plotly) {
            var figure = exportFigure(el, tools);
            return Plotly.downloadImage(figure, {
              format: format, width: figure.layout.width, height: figure.layout.height,
              filename: el.id + "-" + tools.getAttribute("data-as-of")
            });
          }).catch(function (error) {
            if (window.console) { window.console.error("Chart download failed: " + error); }
          }).then(function () { button.disabled = false; });
        });
      });
    });
  }

  // "Cite this": the line is selectable text; the button copies it where the browser lets us.
  function wireCopy() {
    // The address as this reader reaches the site (a page rendered ahead names the first allowed host).
    document.querySelectorAll("[data-origin]").forEach(function (span) { span.textContent = window.location.origin; });
    document.querySelectorAll("button[data-copy]").forEach(function (button) {
      var text = document.getElementById(button.getAttribute("data-copy"));
      var status = button.parentNode.querySelector(".copy-status");
      if (!text) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var value = text.textContent.trim();
        var selectIt = function () {
          var range = document.createRange();
          range.selectNodeContents(text);
          var selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
          if (status) { status.textContent = "Selected: press Ctrl+C or ⌘C to copy."; }
        };
        if (navigator.clipboard && navigator.clipboard.writeText) {
          navigator.clipboard.writeText(value).then(function () {
            if (status) { status.textContent = "Copied."; }
          }, selectIt);
        } else { selectIt(); }
      });
    });
  }

  function drawCharts() {
    var charts = Array.prototype.slice.call(document.querySelectorAll("[data-figure]"));
    if (!charts.length) { return; }
    if (!("IntersectionObserver" in window)) { charts.forEach(draw); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
      });
    }, { rootMargin: "200px 0px" });
    charts.forEach(function (el) { observer.observe(el); });
    // Turning a phone or resizing a window across the phone width: draw the drawn charts again.
    var redraw = function () {
      charts.forEach(function (el) { if (el.getAttribute("data-drawn") === "true") { draw(el); } });
    };
    if (PHONE.addEventListener) { PHONE.addEventListener("change", redraw); } else if (PHONE.addListener) { PHONE.addListener(redraw); }
  }

  // The menu on narrow screens: a button opens and closes the list of pages.
  function wireMenu() {
    var button = document.querySelector(".nav-toggle");
    if (!button) { return; }
    var nav = button.parentNode;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("open", open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("open")) {
        nav.classList.remove("open");
        button.setAttribute("aria-expanded", "false");
        button.focus();
      }
    });
  }

  // A box that scrolls (a table's, a wide <pre>) must be reachable by keyboard even with no link in it.
  // A box is measured when it is on screen (tables off screen are not laid out: content-visibility),
  // and one in a closed <details> (a chart's data table) when that opens.
  var boxWatcher = null;
  function markIfScrolling(box) {
    if (box.hasAttribute("tabindex")) { return; }
    if (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      var caption = box.querySelector("caption");
      box.setAttribute("aria-label", caption ? caption.textContent.trim() : box.tagName === "PRE" ? "Text" : "Table");
    }
  }
  function markScrollingBoxes(root) {
    (root || document).querySelectorAll(".table-wrap, main pre").forEach(function (box) {
      var closed = box.closest("details:not([open])");
      if (closed) {
        if (!closed.hasAttribute("data-watched")) {
          closed.setAttribute("data-watched", "");
          closed.addEventListener("toggle", function () { if (closed.open) { markScrollingBoxes(closed); } });
        }
        return;
      }
      // Boxes holding a link are reachable already.
      if (box.hasAttribute("tabindex") || box.querySelector("a[href], button, input, select, textarea, [tabindex]")) { return; }
      if (!("IntersectionObserver" in window)) { markIfScrolling(box); return; }
      // A screen's height either side: wider than the margin within which the browser lays out
      // content-visibility: auto boxes, so a box is measured no later than it is drawn.
      boxWatcher = boxWatcher || new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) { boxWatcher.unobserve(entry.target); markIfScrolling(entry.target); }
        });
      }, { rootMargin: "100% 0px" });
      boxWatcher.observe(box);
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

  function start() {
    wireMenu(); drawCharts(); wireFilters(); wireSorting(); wireDownloads(); wireCopy();
    (window.requestIdleCallback || window.setTimeout)(function () { markScrollingBoxes(); });
  }
  // Coming back to a page from the history: fields disabled on submit must work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form.filters [disabled], form.as-of [disabled]").forEach(function (f) { f.disabled = false; });
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
