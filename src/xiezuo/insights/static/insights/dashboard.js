// Draws the dashboard's charts from the JSON block #dashboard-data (no inline scripts: CSP).
(function () {
  "use strict";
  // Every chart drawn, so that all follow the window's width (and their box's, on a phone).
  var charts = [];
  function chart(element) {
    var instance = echarts.getInstanceByDom(element) || echarts.init(element);
    if (charts.indexOf(instance) < 0) { charts.push(instance); }
    return instance;
  }
  function resizeAll() { charts.forEach(function (c) { if (!c.isDisposed()) { c.resize(); } }); }
  var pending = null;
  window.addEventListener("resize", function () {
    if (pending) { window.cancelAnimationFrame(pending); }
    pending = window.requestAnimationFrame(resizeAll);
  });
  function watch() {
    if (typeof ResizeObserver !== "function") { return; }
    var observer = new ResizeObserver(function () { resizeAll(); });
    charts.forEach(function (c) { observer.observe(c.getDom()); });
  }
  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof echarts === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var trend = document.getElementById("trend-chart");
    if (trend) {
      chart(trend).setOption({
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        grid: { top: 40, left: 60, right: 20, bottom: 30 },
        xAxis: { type: "category", data: data.years.map(String) },
        yAxis: { type: "value" },
        series: data.trends.map(function (s) { return { name: s.name, type: "line", data: s.data }; })
      });
    }
    [["east_west", "flow-east-west"], ["west_east", "flow-west-east"]].forEach(function (pair) {
      var element = document.getElementById(pair[1]);
      var flow = data.flows[pair[0]];
      if (!element || !flow) { return; }
      chart(element).setOption({
        title: { text: data.labels[pair[0]], left: "center", textStyle: { fontSize: 14 } },
        tooltip: { trigger: "item" },
        series: [{
          type: "sankey", top: 30, emphasis: { focus: "adjacency" },
          data: flow.nodes.map(function (n) { return { name: n }; }),
          links: flow.links
        }]
      });
    });
    watch();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
