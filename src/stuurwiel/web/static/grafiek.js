/*
 * Draws every chart on the page. A chart is a Vega-Lite spec (Altair's to_dict()) in
 *   <script type="application/json" class="grafiek" data-doel="ID">…</script>
 * drawn as SVG into the element with that id, which then gets data-gerenderd="ja" (or "fout").
 *
 * Needs vendor/vega, vendor/vega-lite and vendor/vega-embed before it, and vendor/vega-embed/vega-tooltip.css
 * in the page. Safe under a CSP without 'unsafe-eval' and 'unsafe-inline': `ast: true` makes vega-embed
 * run expressions in its bundled interpreter (vega-interpreter) instead of compiling them with
 * new Function, and neither vega-embed nor its tooltip injects a <style> element.
 */
(function () {
  "use strict";

  const GETALLEN = { decimal: ",", thousands: ".", grouping: [3], currency: ["€ ", ""] };

  const TIJDEN = {
    dateTime: "%a %e %B %Y %X",
    date: "%d-%m-%Y",
    time: "%H:%M:%S",
    periods: ["AM", "PM"],
    days: ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"],
    shortDays: ["zo", "ma", "di", "wo", "do", "vr", "za"],
    months: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
      "oktober", "november", "december"],
    shortMonths: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
  };

  const OPTIES = {
    renderer: "svg",
    actions: false,
    defaultStyle: false,
    tooltip: { disableDefaultStyle: true },
    ast: true,
    formatLocale: GETALLEN,
    timeFormatLocale: TIJDEN,
  };

  function titel(t) {
    if (Array.isArray(t)) return t.join(" ");
    if (t && typeof t === "object") return titel(t.text);
    return t || "";
  }

  function benoem(doel, spec) {
    const svg = doel.querySelector("svg");
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", spec.description || titel(spec.title) || "Grafiek");
  }

  function mislukt(doel, fout) {
    console.error("Grafiek " + doel.id + " niet getoond:", fout);
    doel.textContent = "Deze grafiek kon niet worden getoond.";
    doel.dataset.gerenderd = "fout";
  }

  function teken(bron) {
    const doel = document.getElementById(bron.dataset.doel);
    if (!doel) {
      console.error("Grafiek: geen element met id " + bron.dataset.doel);
      return;
    }
    try {
      const spec = JSON.parse(bron.textContent);
      vegaEmbed(doel, spec, OPTIES).then(function () {
        benoem(doel, spec);
        doel.dataset.gerenderd = "ja";
      }).catch(function (fout) { mislukt(doel, fout); });
    } catch (fout) {
      mislukt(doel, fout);
    }
  }

  function start() {
    document.querySelectorAll('script[type="application/json"].grafiek').forEach(teken);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
