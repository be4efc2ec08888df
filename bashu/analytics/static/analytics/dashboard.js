// Dashboard charts (指数看板): ECharts over the data the page embeds; nothing is computed here.
// Every word drawn comes from the page (#indices-labels, in the page's language); each chart
// has a table beside it with the same figures.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("indices-data").textContent);
  const t = JSON.parse(document.getElementById("indices-labels").textContent);
  const lang = document.documentElement.lang || "zh-hans";
  const number = new Intl.NumberFormat(lang);
  const charts = [];
  const empty = { title: { text: t.no_data, left: "center", top: "middle", textStyle: { color: "#595959", fontSize: 14, width: 280, overflow: "break" } } };
  const narrow = window.matchMedia("(max-width: 575.98px)").matches;
  // English names are about twice as long as Chinese ones in characters, not in width
  const english = lang.startsWith("en");

  function draw(id, option, hasData) {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(hasData ? option : empty);
    el.dataset.ready = "1";
    el.dataset.empty = hasData ? "0" : "1";
    charts.push(chart);
  }

  function short(text, n) {
    return text.length > n ? text.slice(0, n) + "…" : text;
  }

  // 1. Talent-flow composite, one line per region, net flow as bars.
  const flow = data.flow;
  const periods = flow.length ? flow[0].composite.map((p) => p.period) : [];
  draw("chart-flow", {
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "—" : number.format(v)) },
    // on a phone every series is listed (wrapped), so a reference is never paged out of sight
    legend: { bottom: 0, type: narrow ? "plain" : "scroll" },
    grid: { left: 48, right: 56, top: 30, bottom: narrow && flow.length > 1 ? 96 : 56 },
    xAxis: { type: "category", data: periods },
    yAxis: [{ type: "value", name: t.index, scale: true }, { type: "value", name: t.net }],
    // a prefecture's province, drawn as its reference, in grey with a dashed line
    series: flow.flatMap((r) => [
      { name: r.name + " " + t.composite, type: "line", data: r.composite.map((p) => p.value), connectNulls: false,
        ...(r.reference ? { color: "#8c8c8c", lineStyle: { type: "dashed" } } : {}) },
      { name: r.name + " " + t.net_series, type: "bar", yAxisIndex: 1, data: r.net.map((p) => p.value),
        ...(r.reference ? { color: "#c8c8c8" } : {}) },
    ]),
  }, flow.some((r) => r.composite.some((p) => p.value !== null)));

  // 2. Job demand by industry (share).
  const demand = data.demand.slice().sort((a, b) => b.demand - a.demand).slice(0, 12);
  draw("chart-demand", {
    tooltip: { trigger: "axis", formatter: (p) => `${p[0].name}<br>${p[0].value}%（${number.format(demand[p[0].dataIndex].demand)} ${t.people}）` },
    grid: { left: narrow ? (english ? 120 : 96) : (english ? 210 : 150), right: 24, top: 10, bottom: 30 },
    xAxis: { type: "value", name: t.share, axisLabel: { formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: demand.map((r) => short(r.key_name, english ? (narrow ? 14 : 26) : (narrow ? 6 : 12))) },
    series: [{ type: "bar", data: demand.map((r) => +(r.share * 100).toFixed(2)), itemStyle: { color: "#b3261e" } }],
  }, demand.length > 0);

  // 3. Vacancy ratio: every occupation, then by occupation group (大类) where published.
  const vacancy = data.vacancy_total.map((r) => ({ ...r, key_name: r.label }))
    .concat(data.vacancy.filter((r) => r.key !== "?" && !r.suppressed));
  draw("chart-vacancy", {
    tooltip: { trigger: "axis" },
    grid: { left: 48, right: 20, top: 30, bottom: english ? 110 : 80 },
    xAxis: { type: "category", data: vacancy.map((r) => short(r.key_name, english ? 20 : 8)), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: "value", name: t.ratio },
    series: [{ type: "bar", data: vacancy.map((r) => r.ratio), markLine: { data: [{ yAxis: 1 }], symbol: "none" } }],
  }, vacancy.some((r) => r.ratio !== null && r.ratio !== undefined));

  // 4. County heat: proportional symbols at county seats.
  const heat = data.heat.filter((r) => r.heat !== null);
  draw("chart-heat", {
    tooltip: { formatter: (p) => `${p.data.name}<br>${t.heat} ${p.data.value[2]}` },
    grid: { left: 50, right: narrow ? 20 : 80, top: 10, bottom: narrow ? 80 : 40 },
    xAxis: { type: "value", name: t.longitude, scale: true },
    yAxis: { type: "value", name: t.latitude, scale: true },
    visualMap: narrow
      ? { min: 0, max: 100, dimension: 2, orient: "horizontal", left: "center", bottom: 0, calculable: true, inRange: { color: ["#fde2c8", "#f08a4b", "#b3261e"] } }
      : { min: 0, max: 100, dimension: 2, right: 0, top: "middle", calculable: true, inRange: { color: ["#fde2c8", "#f08a4b", "#b3261e"] } },
    series: [{
      type: "scatter",
      data: heat.map((r) => ({ name: r.region_name, value: [r.lon, r.lat, r.heat] })),
      symbolSize: (v) => 6 + v[2] / 5,
    }],
  }, heat.length > 0);

  // 5. Industry sentiment.
  const sentiment = data.sentiment.filter((r) => r.level !== "zone" || data.region === "zone");
  draw("chart-sentiment", {
    tooltip: { trigger: "axis" },
    grid: { left: 48, right: 20, top: 30, bottom: english ? 100 : 80 },
    xAxis: { type: "category", data: sentiment.map((r) => short(r.key_name, english ? 14 : 6)), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: "value", name: t.sentiment, min: 0, max: 200 },
    series: [{ type: "bar", data: sentiment.map((r) => r.index), markLine: { data: [{ yAxis: 100 }], symbol: "none" } }],
  }, sentiment.some((r) => r.index !== null));

  // 6. Full employment: indicator scores and composite.
  const full = data.full_employment[0];
  const scoreKeys = full ? Object.keys(full).filter((k) => k.endsWith("_score")) : [];
  draw("chart-full", {
    title: full && full.composite !== null ? { text: `${t.composite_score} ${full.composite}`, right: 10, top: 0, textStyle: { fontSize: 14 } } : undefined,
    tooltip: { trigger: "axis" },
    grid: { left: 48, right: 20, top: 36, bottom: 80 },
    xAxis: { type: "category", data: scoreKeys.map((k) => t[k] || k), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: "value", name: t.score, min: 0, max: 100 },
    series: [{ type: "bar", data: scoreKeys.map((k) => full[k]) }],
  }, Boolean(full) && full.composite !== null);

  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
