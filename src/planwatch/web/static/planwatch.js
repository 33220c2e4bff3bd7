/* 规划监测 PlanWatch: the charts of the indicator page and of the dashboard, drawn with the
   vendored ECharts from the JSON the server put in <script type="application/json">. */
(function () {
  "use strict";
  var holder = document.getElementById("chart-data");
  if (!holder || typeof echarts === "undefined") { return; }
  var data = JSON.parse(holder.textContent);
  var font = '"Noto Sans CJK SC", "Microsoft YaHei", sans-serif';
  var KIND = { target: "目标", baseline: "基数" };

  function unitText(unit) { return unit === "ratio" ? "∶1" : (unit === "pp" ? "个百分点" : unit || ""); }

  function compareChart(el) {
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var series = data.series.filter(function (s) { return s.points.length; }).map(function (s) {
      return {
        name: (s.region || "（未知地区）") + KIND[s.kind],
        type: "line",
        lineStyle: { type: s.kind === "baseline" ? "dashed" : "solid" },
        symbolSize: 8,
        data: s.points.map(function (p) { return [p.year, p.value]; })
      };
    });
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: font },
      tooltip: { trigger: "item", formatter: function (p) { return p.seriesName + "<br>" + p.value[0] + "年：" + p.value[1] + unitText(data.unit); } },
      legend: { type: "scroll", top: 0 },
      grid: { top: 60, left: 60, right: 30, bottom: 40 },
      xAxis: { type: "value", name: "年份", minInterval: 1, scale: true, axisLabel: { formatter: function (v) { return String(v); } } },
      yAxis: { type: "value", name: unitText(data.unit), scale: true },
      series: series
    });
    el.setAttribute("data-series", String(series.length));
    window.planwatchChart = chart;
  }

  function trendChart(el) {
    var chart = echarts.init(el, null, { renderer: "canvas" });
    var choice = document.getElementById("trend-choice");
    function draw(n) {
      var t = data.trends[n];
      var points = t.points.map(function (p) { return [p.period, p.value]; });
      var periods = t.points.map(function (p) { return p.period; });
      var series = [{ name: "监测值", type: "line", symbolSize: 8, data: points }];
      var marks = [{ name: "目标", yAxis: t.target_value }];
      if (t.baseline_value !== null) { marks.push({ name: "基数", yAxis: t.baseline_value }); }
      series[0].markLine = { symbol: "none", data: marks, label: { formatter: "{b}：{c}" } };
      chart.setOption({
        animation: false,
        textStyle: { fontFamily: font },
        title: { text: t.subject + "（" + t.status_label + "）", left: "center", textStyle: { fontSize: 14 } },
        tooltip: { trigger: "axis" },
        grid: { top: 50, left: 60, right: 60, bottom: 40 },
        xAxis: { type: "category", data: periods, name: "期间" },
        yAxis: { type: "value", name: unitText(t.unit), scale: true },
        series: series
      }, true);
      el.setAttribute("data-trend", String(n));
    }
    draw(0);
    if (choice) { choice.addEventListener("change", function () { draw(Number(choice.value)); }); }
    window.planwatchChart = chart;
  }

  var el = document.querySelector("[data-chart]");
  if (!el) { return; }
  if (el.getAttribute("data-chart") === "compare") { compareChart(el); } else { trendChart(el); }
  window.addEventListener("resize", function () { window.planwatchChart.resize(); });
}());
