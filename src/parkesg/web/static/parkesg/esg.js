// Charts of the park ESG management system (ECharts, vendored; data from json_script blocks
// rendered by the server, which carries every word shown): a trend line per KPI on the KPI
// dashboard, the risk matrix (severity × urgency) and the materiality chart (impact ×
// stakeholder attention).
(function () {
  "use strict";
  var BLUE = "#1d4e89", GREEN = "#548235", RED = "#c00000", AMBER = "#b08800", GREY = "#7b8794";
  var STATUS = { on_track: GREEN, at_risk: AMBER, off_track: RED };

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function draw(el, option) {
    var chart = echarts.init(el);
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  function sparks(lines) {
    document.querySelectorAll("td.spark").forEach(function (td) {
      var line = lines[Number(td.dataset.index)];
      if (!line || line.values.filter(function (v) { return v !== null; }).length < 2) { return; }
      draw(td, {
        grid: { top: 4, bottom: 4, left: 4, right: 4 }, animation: false,
        xAxis: { type: "category", show: false, data: line.years },
        yAxis: { type: "value", show: false, scale: true },
        tooltip: { trigger: "axis", confine: true },
        series: [{ type: "line", data: line.values, symbolSize: 4,
          lineStyle: { color: STATUS[line.status] || GREY }, itemStyle: { color: STATUS[line.status] || GREY } }]
      });
    });
  }

  function label(v) { return v >= 1 && v <= 5 ? String(v) : ""; }

  function scatter(el, points, words, xName, yName, colour) {
    draw(el, {
      grid: { left: 56, right: 24, top: 36, bottom: 48 },
      tooltip: { formatter: function (p) { return p.data.name + "<br>" + xName + " " + p.data.value[0] + " · " + yName + " " + p.data.value[1]; } },
      legend: { top: 0 },
      xAxis: { type: "value", name: xName, nameLocation: "middle", nameGap: 28, min: 0, max: 6, interval: 1,
        axisLabel: { formatter: label }, splitLine: { show: true } },
      yAxis: { type: "value", name: yName, min: 0, max: 6, interval: 1, axisLabel: { formatter: label } },
      series: colour.map(function (c) {
        return { name: c.name, type: "scatter", symbolSize: 16, itemStyle: { color: c.colour, opacity: 0.8 },
          label: { show: el.clientWidth > 600, position: "right", fontSize: 10, formatter: function (p) { return p.data.name.slice(0, 10); } },
          data: points.filter(c.test).map(function (p, i) {
            // points on the same cell are spread a little so each stays visible
            return { name: p.name, url: p.url, value: [p.x + ((i % 3) - 1) * 0.12, p.y + (Math.floor(i / 3) % 3 - 1) * 0.12] };
          }),
          markArea: c.first ? { silent: true, itemStyle: { color: "rgba(192,0,0,0.06)" }, data: [[{ xAxis: 3.5, yAxis: 3.5 }, { xAxis: 6, yAxis: 6 }]] } : undefined };
      })
    }).on("click", function (p) { if (p.data && p.data.url) { window.location.href = p.data.url; } });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (typeof echarts === "undefined") { return; }
    var kpis = data("kpi-data");
    if (kpis) { sparks(kpis); }
    var c = data("chart-data");
    if (!c) { return; }
    var w = c.words;
    var risk = document.getElementById("risk-matrix");
    if (risk) {
      scatter(risk, c.risks, w, w.urgency, w.severity, [
        { name: w.risk, colour: RED, first: true, test: function (p) { return p.kind === "risk"; } },
        { name: w.opportunity, colour: GREEN, test: function (p) { return p.kind === "opportunity"; } }]);
    }
    var mat = document.getElementById("materiality");
    if (mat) {
      scatter(mat, c.issues, w, w.attention, w.impact, [
        { name: w.core, colour: BLUE, first: true, test: function (p) { return p.core; } },
        { name: w.other, colour: GREY, test: function (p) { return !p.core; } }]);
    }
  });
})();
