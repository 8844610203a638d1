// Draws the dashboard's and the map's charts from their JSON blocks (#dashboard-data,
// #map-data; no inline scripts: CSP), makes every figure clickable to its records, and
// offers each table beside a chart as a CSV download.
(function () {
  "use strict";
  var BLUE = "#0969da", RED = "#cf222e", GREY = "#57606a";
  var FONT = "\"PingFang SC\", \"Microsoft YaHei\", \"Noto Sans CJK SC\", sans-serif";
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
  function narrow() { return window.innerWidth < 700; }
  function grouped(value) { return Number(value).toLocaleString("zh-CN"); }
  function go(url) { if (url) { window.location.href = url; } }
  function readData(id) {
    var source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  }

  // ---- the dashboard: one small chart per measure, the flows as Sankeys with numbers ----
  function drawTrend(element, series, years) {
    var instance = chart(element);
    instance.setOption({
      textStyle: { fontFamily: FONT },
      grid: { top: 22, left: 8, right: 8, bottom: 4, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return grouped(v) + " " + series.unit; } },
      xAxis: { type: "category", data: years, axisTick: { show: false },
               axisLabel: { color: GREY, interval: 0, fontSize: narrow() ? 10 : 12 } },
      yAxis: { type: "value", minInterval: 1, splitNumber: 3, axisLabel: { color: GREY, formatter: grouped } },
      series: [{
        name: series.name, type: "bar", data: series.data, barMaxWidth: 28, cursor: "pointer",
        itemStyle: { color: BLUE },
        label: { show: true, position: "top", color: "#1f2328", formatter: function (p) { return grouped(p.value); } }
      }]
    });
    instance.off("click");
    instance.on("click", function (p) { go(series.urls[p.dataIndex]); });
  }

  function drawFlow(element, flow, data) {
    var instance = chart(element);
    var width = element.clientWidth || 300;
    instance.setOption({
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "item", formatter: function (p) {
        var v = grouped(p.value) + " " + data.labels.people;
        return p.dataType === "edge" ? p.data.source + " → " + p.data.target.trim() + "：" + v : p.name.trim() + "：" + v;
      } },
      series: [{
        type: "sankey", top: 8, bottom: 8, left: 4, right: 4, nodeWidth: 12, nodeGap: 10,
        layoutIterations: 0, draggable: false, cursor: "pointer",
        emphasis: { focus: "adjacency" },
        lineStyle: { color: "gradient", opacity: 0.35 },
        label: {
          color: "#1f2328", fontSize: narrow() ? 11 : 12, width: Math.max(60, width / 2 - 30), overflow: "truncate",
          formatter: function (p) { return p.name.trim() + " " + grouped(p.value) + data.labels.people; }
        },
        levels: [{ depth: 0, label: { position: "right" } }, { depth: 1, label: { position: "left" } }],
        edgeLabel: { show: true, fontSize: 11, color: "#1f2328", formatter: function (p) { return grouped(p.value); } },
        data: flow.nodes, links: flow.links
      }]
    });
    instance.off("click");
    instance.on("click", function (p) { if (p.dataType === "edge") { go(p.data.url); } });
  }

  function drawDashboard() {
    var data = readData("dashboard-data");
    if (!data) { return; }
    document.querySelectorAll("[data-trend]").forEach(function (element) {
      var series = data.trends[Number(element.getAttribute("data-trend"))];
      if (series) { drawTrend(element, series, data.years); }
    });
    document.querySelectorAll("[data-flow]").forEach(function (element) {
      var flow = data.flows[element.getAttribute("data-flow")];
      if (!flow || !flow.links.length) { return; }
      // The box grows with the number of places so that every label stays readable.
      var places = Math.max(flow.nodes.length - 1, 2);
      element.style.height = Math.min(Math.max(places * 34, 160), 520) + "px";
      drawFlow(element, flow, data);
    });
  }

  // ---- the map: pairings as lines east → west, people by region as circles --------------
  function bounds(coords) {
    var lon = coords.map(function (c) { return c[0]; }), lat = coords.map(function (c) { return c[1]; });
    var minLon = Math.min.apply(null, lon), maxLon = Math.max.apply(null, lon);
    var minLat = Math.min.apply(null, lat), maxLat = Math.max.apply(null, lat);
    // At least a few degrees around the places, so that a single pairing is not a dot.
    var padLon = Math.max((maxLon - minLon) * 0.25, 3), padLat = Math.max((maxLat - minLat) * 0.3, 2.5);
    return [[minLon - padLon, maxLat + padLat], [maxLon + padLon, minLat - padLat]];
  }

  function drawMap() {
    var data = readData("map-data");
    var element = document.getElementById("map-chart");
    if (!data || !element) { return; }
    if (!echarts.getMap("china")) {
      element.textContent = "";
      return;
    }
    var coords = [];
    data.points.forEach(function (p) { coords.push(p.coord); });
    data.lines.forEach(function (l) { coords.push(l.coords[0], l.coords[1]); });
    var most = Math.max.apply(null, data.points.map(function (p) { return p.value; }).concat([1]));
    var small = narrow();
    var geo = {
      map: "china", roam: true, zoom: 1, scaleLimit: { min: 1, max: 12 },
      label: { show: true, color: "#8c959f", fontSize: 10 },
      itemStyle: { areaColor: "#f3f4f6", borderColor: "#9aa4af", borderWidth: 0.6 },
      emphasis: { disabled: true },
      left: 4, right: 4, top: 4, bottom: 4
    };
    if (coords.length) { geo.boundingCoords = bounds(coords); }
    chart(element).setOption({
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "item", formatter: function (p) {
        if (p.seriesType === "lines") { return p.data.name + "：" + grouped(p.data.value) + " " + data.labels.people; }
        if (p.seriesType === "effectScatter" || p.seriesType === "scatter") {
          return p.data.name + "（" + p.data.sideLabel + "）：" + grouped(p.data.people) + " " + data.labels.people;
        }
        return p.name;
      } },
      geo: geo,
      series: [
        {
          name: data.labels.pairing, type: "lines", coordinateSystem: "geo", zlevel: 1, cursor: "pointer",
          symbol: ["none", "arrow"], symbolSize: small ? 7 : 9,
          lineStyle: { color: "#9a6700", opacity: 0.85, curveness: 0.2 },
          label: { show: true, position: "middle", color: "#6e4c00", fontSize: small ? 11 : 13, fontWeight: "bold",
                   textBorderColor: "#fff", textBorderWidth: 3,
                   formatter: function (p) { return grouped(p.data.value) + data.labels.people; } },
          data: data.lines.map(function (l) {
            return { name: l.name, value: l.value, url: l.url, coords: l.coords,
                     lineStyle: { width: 1.5 + 4 * l.value / most, type: l.value ? "solid" : "dashed" } };
          })
        },
        {
          name: data.labels.people, type: "scatter", coordinateSystem: "geo", zlevel: 2, cursor: "pointer",
          symbolSize: function (value, p) { return 8 + 22 * Math.sqrt(p.data.people / most); },
          label: { show: true, position: "right", color: "#1f2328", fontSize: small ? 11 : 12,
                   textBorderColor: "#fff", textBorderWidth: 3,
                   formatter: function (p) { return p.data.name + " " + grouped(p.data.people); } },
          labelLayout: { hideOverlap: true },
          data: data.points.map(function (p) {
            return { name: p.name, value: p.coord, people: p.value, url: p.url,
                     sideLabel: p.side_label,
                     itemStyle: { color: p.side === "east" ? BLUE : RED, opacity: 0.85,
                                  borderColor: "#fff", borderWidth: 1 } };
          })
        }
      ]
    });
    var instance = chart(element);
    instance.off("click");
    instance.on("click", function (p) { if (p.data && p.data.url) { go(p.data.url); } });
  }

  // ---- a table beside a chart as a CSV file (UTF-8 with a BOM, so that Excel reads it) ----
  function csv(table) {
    var lines = [];
    table.querySelectorAll("tr").forEach(function (row) {
      var cells = [];
      row.querySelectorAll("th, td").forEach(function (cell) {
        cells.push("\"" + cell.textContent.trim().replace(/"/g, "\"\"") + "\"");
      });
      lines.push(cells.join(","));
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";
  }
  function offerDownloads() {
    document.querySelectorAll("a.download-csv").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var table = document.getElementById(link.getAttribute("data-table"));
        if (!table) { return; }
        var blob = new Blob([csv(table)], { type: "text/csv;charset=utf-8" });
        var anchor = document.createElement("a");
        anchor.href = URL.createObjectURL(blob);
        anchor.download = link.getAttribute("data-file") || "table.csv";
        document.body.appendChild(anchor);
        anchor.click();
        window.setTimeout(function () { URL.revokeObjectURL(anchor.href); anchor.remove(); }, 0);
      });
    });
  }

  function start() {
    offerDownloads();
    if (typeof echarts === "undefined") { return; }
    drawDashboard();
    drawMap();
    watch();
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
