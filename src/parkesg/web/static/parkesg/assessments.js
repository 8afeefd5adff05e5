// Charts of an assessment's results page (ECharts, vendored; data from charts.json, which is
// read from the stored results and carries every word shown). Each <div class="chart"
// data-chart="…"> gets one chart; a chart without data (null) is removed with its box.
(function () {
  "use strict";
  var BLUE = "#1d4e89", GREEN = "#548235", RED = "#c00000", GREY = "#7b8794";

  function cut(s) { return s.length > 12 ? s.slice(0, 12) + "…" : s; }

  // Longer is better for every bar (the server turned lower-is-better indicators round).
  function bars(d) {
    var names = d.items.map(function (i) { return i.no + " " + i.name; });
    var series = [{ name: d.series[0], type: "bar", data: d.items.map(function (i) { return i.bar; }),
      itemStyle: { color: BLUE },
      markLine: { symbol: "none", lineStyle: { color: GREY, type: "dashed" },
        label: { formatter: d.mark, position: "end" }, data: [{ yAxis: d.mark_at }] } }];
    if (d.series.length > 1) {
      series.push({ name: d.series[1], type: "scatter", symbol: "diamond", symbolSize: 10,
        data: d.items.map(function (i) { return i.advanced === undefined ? null : i.advanced; }), itemStyle: { color: GREEN } });
    }
    return {
      title: { text: d.title, subtext: d.subtitle, left: "center" },
      legend: { top: 66 }, grid: { top: 104, bottom: 120, left: 48, right: 64 },
      tooltip: { trigger: "axis", formatter: function (ps) {
        var i = d.items[ps[0].dataIndex];
        return i.no + " " + i.name + "<br>" + i.value + " " + (i.unit === "—" ? "" : i.unit) +
          (i.level ? "（" + i.level + "）" : "") + "<br>" + d.mark + " " + i.benchmark +
          (i.benchmark2 ? "　" + d.series[1] + " " + i.benchmark2 : "");
      } },
      xAxis: { type: "category", data: names, axisLabel: { rotate: 40, interval: 0, fontSize: 10, formatter: cut } },
      yAxis: { type: "value", name: d.axis, min: 0, max: d.max },
      series: series
    };
  }

  function trend(d) {
    return {
      title: { text: d.title, left: "center" }, legend: { bottom: 0 }, grid: { top: 60, bottom: 70 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: d.years.map(String) },
      yAxis: { type: "value", name: d.measure },
      series: d.series.map(function (s) { return { name: s.name, type: "line", data: s.data, connectNulls: false }; })
    };
  }

  function radar(d) {
    return {
      title: { text: d.title, left: "center" }, tooltip: {},
      radar: { indicator: d.axes, center: ["50%", "58%"], radius: "60%", axisName: { fontSize: 11 } },
      series: [{ type: "radar", data: [{ name: d.measure, value: d.values, areaStyle: { opacity: 0.2 } }], itemStyle: { color: BLUE } }]
    };
  }

  function peers(d) {
    return {
      title: { text: d.title, left: "center" }, tooltip: {},
      xAxis: { type: "value", name: d.axis }, yAxis: { show: false, min: -1, max: 1 },
      series: [{ type: "scatter", data: d.values.map(function (v) { return [v, 0]; }), itemStyle: { color: GREY },
        markLine: d.entity === null ? undefined : { symbol: "none", lineStyle: { color: RED },
          label: { formatter: d.mark + " " + d.entity.toFixed(1) }, data: [{ xAxis: d.entity }] } }]
    };
  }

  var DRAW = { bars: bars, trend: trend, radar: radar, peers: peers };

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("charts");
    if (!box || typeof echarts === "undefined") { return; }
    fetch(box.dataset.src, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var drawn = 0;
        box.querySelectorAll(".chart").forEach(function (el) {
          var kind = el.dataset.chart;
          if (!data[kind]) { el.remove(); return; }
          drawn += 1;
          var chart = echarts.init(el);
          chart.setOption(DRAW[kind](data[kind]));
          window.addEventListener("resize", function () { chart.resize(); });
        });
        if (!drawn) { box.hidden = true; var h = document.getElementById("charts-heading"); if (h) { h.hidden = true; } }
      });
  });
})();
