// Dashboards: draw the charts from the figures in #chart-data (a json_script block, never run
// as script). Every chart has the same numbers in a table next to it; without JavaScript the
// tables are the dashboard. Redrawn after htmx swaps the figures.
(function () {
  "use strict";
  // Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
  var COLOURS = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9"];
  var charts = [];

  function bar(canvas, labels, datasets, percent) {
    if (!window.Chart) return;
    charts.push(new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: labels,
        datasets: datasets.map(function (d, i) {
          return { label: d.label, data: d.data, backgroundColor: COLOURS[i % COLOURS.length] };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, max: percent ? 100 : undefined } }
      }
    }));
  }

  function draw() {
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    var source = document.getElementById("chart-data");
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var s = data.series;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var kind = canvas.dataset.chart;
      if (kind === "trend") {
        bar(canvas, data.labels, [{ label: s.received, data: data.received }, { label: s.resolved, data: data.resolved }]);
      } else if (kind === "office-rates") {
        bar(canvas, data.offices, [{ label: s.rate_month, data: data.rate_month }, { label: s.rate_year, data: data.rate_year }], true);
      } else if (kind === "ageing") {
        bar(canvas, data.ageing, [{ label: s.open, data: data.ageing_counts }]);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.body.addEventListener("htmx:afterSettle", draw);
})();
