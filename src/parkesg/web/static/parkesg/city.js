// The city dashboard's charts (ECharts, vendored): progress by year with the 2027 target as
// a dashed line, and the current value by district. Data and words from json_script.
document.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("city-charts");
  if (!node || typeof echarts === "undefined") { return; }
  var charts = [];
  JSON.parse(node.textContent).forEach(function (c) {
    var year = document.getElementById(c.id + "-year");
    if (year && c.years.length) {
      var y = echarts.init(year);
      var series = [{ type: "line", data: c.values, itemStyle: { color: "#1d4e89" }, label: { show: true } }];
      if (c.target) {
        series[0].markLine = { symbol: "none", lineStyle: { type: "dashed", color: "#b42318" },
          data: [{ yAxis: c.target, name: "2027" }], label: { position: "insideEndTop", formatter: "2027: {c}" } };
      }
      y.setOption({ tooltip: { trigger: "axis" }, grid: { left: 48, right: 24, top: 24, bottom: 24 },
        xAxis: { type: "category", data: c.years },
        yAxis: { type: "value", name: c.unit, minInterval: 1, max: function (v) { return Math.max(v.max, c.target || 0); } },
        series: series });
      charts.push(y);
    } else if (year) { year.remove(); }
    var district = document.getElementById(c.id + "-district");
    if (district && c.districts.length) {
      var d = echarts.init(district);
      d.setOption({ tooltip: {}, grid: { left: 48, right: 16, top: 24, bottom: 24 },
        xAxis: { type: "category", data: c.districts }, yAxis: { type: "value", name: c.unit, minInterval: 1 },
        series: [{ type: "bar", data: c.district_values, itemStyle: { color: "#2e7d32" }, label: { show: true, position: "top" } }] });
      charts.push(d);
    } else if (district) { district.remove(); }
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
});
