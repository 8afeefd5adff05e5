// Charts of an assessment's results page (ECharts, vendored; data from charts.json, which is
// read from the stored results). Each <div class="chart" data-chart="…"> gets one chart.
(function () {
  "use strict";
  var BLUE = "#1d4e89", GREY = "#a6a6a6", GREEN = "#548235", RED = "#c00000";

  function fmt(v) { return v === null || v === undefined ? "—" : Number(v).toLocaleString("zh-CN", { maximumFractionDigits: 2 }); }

  function message(title, text) {
    return { title: { text: title, left: "center" },
             graphic: { type: "text", left: "center", top: "middle", style: { text: text, fontSize: 14, fill: "#52606d" } } };
  }

  // Values as % of each indicator's base (general level, else leading value), so indicators of
  // different units share one axis; the tooltip shows the raw values.
  function bars(d) {
    if (!d || !d.items.length) { return message(d ? d.title : "指标值与基准对比", "没有可与基准比较的指标"); }
    var names = d.items.map(function (i) { return i.no + " " + i.name; });
    function pct(i, key) {
      var base = i.general !== null ? i.general : (i.leading !== null ? i.leading : i.advanced);
      return i[key] === null || !base ? null : Math.round(i[key] / base * 1000) / 10;
    }
    var series = [
      { name: "本值", type: "bar", data: d.items.map(function (i) { return pct(i, "value"); }), itemStyle: { color: BLUE } },
      { name: "一般水平 / 引领值", type: "bar", data: d.items.map(function (i) { return i.general !== null ? 100 : (i.leading !== null ? 100 : null); }), itemStyle: { color: GREY } },
      { name: "先进水平", type: "bar", data: d.items.map(function (i) { return pct(i, "advanced"); }), itemStyle: { color: GREEN } }
    ];
    return {
      title: { text: d.title, subtext: "以一般水平（或引领值）为 100", left: "center" },
      legend: { top: 58 }, grid: { top: 100, bottom: 110, left: 50, right: 20 },
      tooltip: { trigger: "axis", formatter: function (ps) {
        var i = d.items[ps[0].dataIndex];
        return i.no + " " + i.name + "<br>本值 " + fmt(i.value) + " " + i.unit + "（" + (i.level || "") + "）" +
          "<br>一般水平 " + fmt(i.general) + "　先进水平 " + fmt(i.advanced) + (i.leading !== null ? "<br>引领值 " + fmt(i.leading) : "");
      } },
      xAxis: { type: "category", data: names, axisLabel: { rotate: 40, interval: 0, fontSize: 10,
        formatter: function (s) { return s.length > 12 ? s.slice(0, 12) + "…" : s; } } },
      yAxis: { type: "value", name: "%" },
      series: series
    };
  }

  function trend(d) {
    if (!d) { return message("历年趋势", "没有结果"); }
    return {
      title: { text: d.title, left: "center" }, legend: { bottom: 0 }, grid: { top: 60, bottom: 70 },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: d.years.map(String) },
      yAxis: { type: "value", name: d.measure },
      series: d.series.map(function (s) { return { name: s.name, type: "line", data: s.data, connectNulls: false }; })
    };
  }

  function radar(d) {
    if (!d || !d.axes.length) { return message(d ? d.title : "分组雷达图", "没有分组结果"); }
    return {
      title: { text: d.title, left: "center" }, tooltip: {},
      radar: { indicator: d.axes, center: ["50%", "58%"], radius: "62%" },
      series: [{ type: "radar", data: [{ name: d.measure, value: d.values, areaStyle: { opacity: 0.2 } }], itemStyle: { color: BLUE } }]
    };
  }

  function peers(d) {
    if (!d || !d.values.length) { return message(d ? d.title : "同业分布", d && d.note ? d.note : "没有同业数据"); }
    return {
      title: { text: d.title, left: "center" }, tooltip: {},
      xAxis: { type: "value", name: "总分" }, yAxis: { show: false, min: -1, max: 1 },
      series: [{ type: "scatter", data: d.values.map(function (v) { return [v, 0]; }), itemStyle: { color: GREY },
        markLine: d.entity === null ? undefined : { symbol: "none", lineStyle: { color: RED },
          label: { formatter: "本主体 " + fmt(d.entity) }, data: [{ xAxis: d.entity }] } }]
    };
  }

  var DRAW = { bars: bars, trend: trend, radar: radar, peers: peers };

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("charts");
    if (!box || typeof echarts === "undefined") { return; }
    fetch(box.dataset.src, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        box.querySelectorAll(".chart").forEach(function (el) {
          var kind = el.dataset.chart;
          var chart = echarts.init(el);
          chart.setOption(DRAW[kind](data[kind]));
          window.addEventListener("resize", function () { chart.resize(); });
        });
      });
  });
})();
