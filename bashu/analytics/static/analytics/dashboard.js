// Dashboard charts (指数看板): ECharts over the data the page embeds; nothing is computed here.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("indices-data").textContent);
  const charts = [];
  const empty = { title: { text: "暂无数据 / no data", left: "center", top: "middle", textStyle: { color: "#888", fontSize: 14 } } };

  function draw(id, option, hasData) {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(hasData ? option : empty);
    el.dataset.ready = "1";
    charts.push(chart);
  }

  // 1. Talent-flow composite, one line per region, net flow as bars.
  const flow = Object.values(data.flow);
  const periods = flow.length ? flow[0].composite.map((p) => p.period) : [];
  draw("chart-flow", {
    tooltip: { trigger: "axis" },
    legend: { bottom: 0 },
    grid: { left: 40, right: 40, top: 20, bottom: 50 },
    xAxis: { type: "category", data: periods },
    yAxis: [{ type: "value", name: "指数", scale: true }, { type: "value", name: "净流入" }],
    series: flow.flatMap((r) => [
      { name: r.name + " 综合指数", type: "line", data: r.composite.map((p) => p.value), connectNulls: false },
      { name: r.name + " 净流入", type: "bar", yAxisIndex: 1, data: r.net.map((p) => p.value) },
    ]),
  }, periods.length > 0);

  // 2. Job demand by industry (share).
  const demand = data.demand.slice().sort((a, b) => b.demand - a.demand).slice(0, 12);
  draw("chart-demand", {
    tooltip: { trigger: "axis", formatter: (p) => `${p[0].name}<br>${p[0].value}%（${demand[p[0].dataIndex].demand} 人）` },
    grid: { left: 140, right: 30, top: 10, bottom: 30 },
    xAxis: { type: "value", axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: demand.map((r) => `${r.key} ${r.key_name}`.slice(0, 12)) },
    series: [{ type: "bar", data: demand.map((r) => +(r.share * 100).toFixed(2)), itemStyle: { color: "#b3261e" } }],
  }, demand.length > 0);

  // 3. Vacancy ratio by occupation group.
  const vacancy = data.vacancy.filter((r) => r.key !== "?");
  draw("chart-vacancy", {
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 20, top: 20, bottom: 60 },
    xAxis: { type: "category", data: vacancy.map((r) => r.key + " " + r.key_name.slice(0, 6)), axisLabel: { rotate: 30 } },
    yAxis: { type: "value", name: "倍率" },
    series: [{ type: "bar", data: vacancy.map((r) => r.ratio), markLine: { data: [{ yAxis: 1 }], symbol: "none" } }],
  }, vacancy.some((r) => r.ratio !== null));

  // 4. County heat: proportional symbols at county seats.
  const heat = data.heat.filter((r) => r.heat !== null);
  draw("chart-heat", {
    tooltip: { formatter: (p) => `${p.data.name}（${p.data.code}）<br>热力 ${p.data.value[2]}` },
    grid: { left: 50, right: 80, top: 10, bottom: 40 },
    xAxis: { type: "value", name: "经度", scale: true },
    yAxis: { type: "value", name: "纬度", scale: true },
    visualMap: { min: 0, max: 100, dimension: 2, right: 0, top: "middle", calculable: true, inRange: { color: ["#fde2c8", "#f08a4b", "#b3261e"] } },
    series: [{
      type: "scatter",
      data: heat.map((r) => ({ name: r.region_name, code: r.region, value: [r.lon, r.lat, r.heat] })),
      symbolSize: (v) => 6 + v[2] / 5,
    }],
  }, heat.length > 0);

  // 5. Industry sentiment.
  const sentiment = data.sentiment.filter((r) => r.level !== "zone" || data.region === "zone");
  draw("chart-sentiment", {
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 20, top: 20, bottom: 60 },
    xAxis: { type: "category", data: sentiment.map((r) => r.key + " " + r.key_name.slice(0, 5)), axisLabel: { rotate: 30 } },
    yAxis: { type: "value", min: 0, max: 200 },
    series: [{ type: "bar", data: sentiment.map((r) => r.index), markLine: { data: [{ yAxis: 100 }], symbol: "none" } }],
  }, sentiment.some((r) => r.index !== null));

  // 6. Full employment: indicator scores and composite.
  const full = data.full_employment[0];
  const scoreKeys = full ? Object.keys(full).filter((k) => k.endsWith("_score")) : [];
  const labels = { employment_rate_score: "就业率", unemployment_rate_score: "失业率", insured_share_score: "参保率", vacancy_ratio_score: "求人倍率", talent_share_score: "本科及以上", skilled_share_score: "技能人才", graduate_net_rate_score: "毕业生净流入" };
  draw("chart-full", {
    title: full && full.composite !== null ? { text: `综合 ${full.composite}`, right: 10, top: 0, textStyle: { fontSize: 14 } } : undefined,
    tooltip: { trigger: "axis" },
    grid: { left: 40, right: 20, top: 30, bottom: 60 },
    xAxis: { type: "category", data: scoreKeys.map((k) => labels[k] || k), axisLabel: { rotate: 30 } },
    yAxis: { type: "value", min: 0, max: 100 },
    series: [{ type: "bar", data: scoreKeys.map((k) => full[k]) }],
  }, Boolean(full) && full.composite !== null);

  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
