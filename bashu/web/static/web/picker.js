/* Reference pickers (bashu/core/widgets.py): a <select data-picker="regions|occupations|industries">
   becomes Tom Select's accessible combobox searching the reference API by name or code, and a
   region picker's cascade (province → prefecture → county) fills itself from the same API.
   Loaded on every page by web/base.html (no inline script: Content-Security-Policy). */
(function () {
  "use strict";

  function query(select, params) {
    var search = new URLSearchParams(params);
    if (select.dataset.zone) search.set("zone", select.dataset.zone);
    return fetch(select.dataset.source + "?" + search.toString(), {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    }).then(function (response) {
      return response.ok ? response.json() : { results: [] };
    });
  }

  function enhance(select) {
    if (select.tomselect || typeof window.TomSelect !== "function") return;
    var level = select.dataset.level;
    var ts = new window.TomSelect(select, {
      valueField: "code",
      labelField: "name",
      searchField: ["name", "code", "initials", "pinyin"],
      // The reference API has already matched (name, code, pinyin, "Qingbaijiang District"):
      // keep its order and every row of its answer to what is typed now, rather than filtering
      // them again here; a row from an earlier search (the chosen one included) is not offered,
      // or it would come first and Enter would pick it.
      score: function (query) {
        var typed = String(query || "").trim().toLowerCase();
        return function (item) { return String(item.query || "").toLowerCase() === typed ? 1 : 0; };
      },
      placeholder: select.dataset.placeholder,
      maxOptions: 50,
      // a picker of several names empties its box after each choice, ready for the next
      clearAfterSelect: select.multiple,
      loadThrottle: 250,
      // The empty option is not an item: the placeholder shows, and the text input stays
      // visible until a name is chosen. An optional field gets a clear button.
      plugins: select.required ? [] : { clear_button: { title: select.dataset.clear } },
      shouldLoad: function (q) { return q.trim().length > 0; },
      load: function (q, callback) {
        var self = this;
        var params = { q: q.trim() };
        if (level) params.level = level;
        query(select, params).then(function (body) {
          // An answer to what is no longer typed (it came back late) changes nothing.
          if (self.inputValue().trim() !== params.q) { callback(); return; }
          self.clearOptions();  // earlier answers' rows go (the chosen ones stay, as items)
          callback(body.results.map(function (row) { return Object.assign({ query: params.q }, row); }));
        }, function () { callback(); });
      },
      render: {
        option: function (item, escape) {
          return "<div>" + escape(item.name) + ' <small class="text-body-secondary">' + escape(item.code) + "</small></div>";
        },
        item: function (item, escape) { return "<div>" + escape(item.name) + "</div>"; },
        no_results: function () { return '<div class="no-results">' + select.dataset.noResults + "</div>"; },
        loading: function () { return '<div class="spinner-border spinner-border-sm m-2" role="status"><span class="visually-hidden">' + select.dataset.loading + "</span></div>"; },
      },
    });
    // Tom Select's combobox is the field people use and what the label now names; the
    // original select stays only to submit the code, out of the accessibility tree (else it
    // is an unlabelled select to a screen reader and to axe).
    select.setAttribute("aria-hidden", "true");
    var wrap = select.closest("[data-picker-wrap]");
    var cascade = wrap && wrap.querySelector(".picker-cascade");
    if (cascade) cascadeInit(select, ts, cascade);
  }

  function fill(target, rows) {
    var first = target.options[0];
    target.replaceChildren(first);
    rows.forEach(function (row) {
      var option = document.createElement("option");
      option.value = row.code;
      option.textContent = row.name;
      option.dataset.level = row.level;
      target.appendChild(option);
    });
    target.disabled = rows.length === 0;
  }

  function cascadeInit(select, ts, cascade) {
    var steps = {};
    cascade.querySelectorAll("select[data-step]").forEach(function (s) { steps[s.dataset.step] = s; });
    var wanted = select.dataset.level;
    var loaded = false;

    function choose(code, name) {
      ts.addOption({ code: code, name: name });
      ts.setValue(code);
    }

    cascade.addEventListener("toggle", function () {
      if (!cascade.open || loaded) return;
      loaded = true;
      query(select, { level: "province" }).then(function (body) { fill(steps.province, body.results); });
    });

    steps.province.addEventListener("change", function () {
      fill(steps.prefecture, []);
      fill(steps.county, []);
      var code = steps.province.value;
      if (!code) return;
      if (!wanted || wanted === "province") choose(code, steps.province.selectedOptions[0].textContent);
      query(select, { parent: code }).then(function (body) {
        var prefectures = body.results.filter(function (r) { return r.level === "prefecture"; });
        var counties = body.results.filter(function (r) { return r.level === "county"; });
        fill(steps.prefecture, prefectures);
        // Chongqing: districts and counties hang directly under the municipality.
        if (counties.length) fill(steps.county, counties);
      });
    });

    steps.prefecture.addEventListener("change", function () {
      var code = steps.prefecture.value;
      fill(steps.county, []);
      if (!code) return;
      if (!wanted || wanted === "prefecture") choose(code, steps.prefecture.selectedOptions[0].textContent);
      query(select, { parent: code }).then(function (body) { fill(steps.county, body.results); });
    });

    steps.county.addEventListener("change", function () {
      var option = steps.county.selectedOptions[0];
      if (steps.county.value) choose(steps.county.value, option.textContent);
    });
  }

  function scan(root) {
    (root || document).querySelectorAll("select[data-picker]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
