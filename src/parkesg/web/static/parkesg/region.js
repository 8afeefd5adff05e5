// Bar chart of the region's organisations by kind (ECharts, vendored; data from json_script).
document.addEventListener("DOMContentLoaded", function () {
  var data = JSON.parse(document.getElementById("by-kind-data").textContent);
  var chart = echarts.init(document.getElementById("by-kind"));
  chart.setOption({
    tooltip: {},
    xAxis: { type: "category", data: data.labels },
    yAxis: { type: "value", minInterval: 1 },
    series: [{ type: "bar", data: data.values, itemStyle: { color: "#1d4e89" } }],
  });
  window.addEventListener("resize", function () { chart.resize(); });
});
