/*
 * Makes every table on a dashboard page sortable (a button in each column header), searchable (a
 * search box above tables of more than ZOEKEN_VANAF rows) and paged (PER_PAGINA rows at a time).
 * Progressive enhancement of the markup of uitvoer/weergave/sjablonen/tabel.html.j2: without this
 * script the table is complete; a table inside [data-bladeren="server"] is sorted and paged by the
 * server and left alone. A figure sorts by its exact value (data-waarde); a suppressed or
 * empty one sorts last. The region's row (tr.regio) stays at the bottom, whatever is chosen.
 */
(function () {
  "use strict";

  const PER_PAGINA = 15;
  const ZOEKEN_VANAF = 10;
  let volgnummer = 0;

  function sleutel(cel) {
    if (cel.dataset.maat !== undefined) {
      return cel.dataset.waarde === "" || cel.dataset.onderdrukt === "1" ? null : Number(cel.dataset.waarde);
    }
    const tekst = cel.textContent.trim();
    return tekst === "" ? null : tekst;
  }

  function vergelijk(a, b) {
    if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
    if (typeof a === "number" && typeof b === "number") return a - b;
    return String(a).localeCompare(String(b), "nl", { numeric: true });
  }

  function Lijst(tabel) {
    this.tabel = tabel;
    this.body = tabel.tBodies[0];
    this.rijen = Array.from(this.body.rows).filter(function (r) { return !r.classList.contains("regio"); });
    this.vast = Array.from(this.body.rows).filter(function (r) { return r.classList.contains("regio"); });
    this.zichtbaar = this.rijen;
    this.pagina = 0;
    this.id = "lijst-" + (++volgnummer);
  }

  Lijst.prototype.sorteer = function (kolom, knop) {
    const th = knop.closest("th");
    const oplopend = th.getAttribute("aria-sort") !== "ascending";
    this.tabel.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", oplopend ? "ascending" : "descending");
    const paren = this.rijen.map(function (r) { return [sleutel(r.cells[kolom]), r]; });
    paren.sort(function (x, y) {
      if (x[0] === null || y[0] === null) return vergelijk(x[0], y[0]);
      return oplopend ? vergelijk(x[0], y[0]) : vergelijk(y[0], x[0]);
    });
    this.rijen = paren.map(function (p) { return p[1]; });
    this.filter(this.zoekterm || "");
  };

  Lijst.prototype.filter = function (term) {
    this.zoekterm = term;
    const t = term.trim().toLocaleLowerCase("nl");
    this.zichtbaar = this.rijen.filter(function (r) {
      return t === "" || r.textContent.toLocaleLowerCase("nl").indexOf(t) >= 0;
    });
    this.pagina = 0;
    this.toon();
  };

  Lijst.prototype.toon = function () {
    const body = this.body;
    const van = this.pagina * PER_PAGINA;
    const paginas = this.rijen.length > PER_PAGINA;
    const getoond = paginas ? this.zichtbaar.slice(van, van + PER_PAGINA) : this.zichtbaar;
    this.rijen.concat(this.vast).forEach(function (r) { r.hidden = true; body.appendChild(r); });
    getoond.concat(this.vast).forEach(function (r) { r.hidden = false; });
    if (this.stand) {
      const n = this.zichtbaar.length;
      this.stand.textContent = n === 0 ? "Geen rijen gevonden." :
        "Rij " + (van + 1) + "–" + Math.min(van + PER_PAGINA, n) + " van " + n;
      this.vorige.disabled = this.pagina === 0;
      this.volgende.disabled = van + PER_PAGINA >= n;
    }
  };

  Lijst.prototype.knoppen = function () {
    const lijst = this;
    this.tabel.querySelectorAll("thead th").forEach(function (th, kolom) {
      const kop = th.querySelector("span.kop");
      if (!kop || kop.textContent.trim() === "") return;
      const knop = document.createElement("button");
      knop.type = "button";
      knop.className = "sorteer";
      knop.textContent = kop.textContent;
      knop.addEventListener("click", function () { lijst.sorteer(kolom, knop); });
      kop.replaceWith(knop);
    });
  };

  Lijst.prototype.zoekveld = function () {
    const lijst = this;
    const p = document.createElement("p");
    p.className = "zoek";
    const label = document.createElement("label");
    label.htmlFor = this.id + "-zoek";
    label.textContent = "Zoek in " + (this.tabel.caption ? this.tabel.caption.textContent : "de tabel");
    const veld = document.createElement("input");
    veld.type = "search";
    veld.id = this.id + "-zoek";
    veld.addEventListener("input", function () { lijst.filter(veld.value); });
    p.append(label, veld);
    this.tabel.before(p);
  };

  Lijst.prototype.bladeren = function () {
    const lijst = this;
    const nav = document.createElement("nav");
    nav.className = "bladeren";
    nav.setAttribute("aria-label", "Pagina's van " + (this.tabel.caption ? this.tabel.caption.textContent : "de tabel"));
    this.vorige = document.createElement("button");
    this.vorige.type = "button";
    this.vorige.textContent = "Vorige";
    this.volgende = document.createElement("button");
    this.volgende.type = "button";
    this.volgende.textContent = "Volgende";
    this.stand = document.createElement("span");
    this.stand.setAttribute("aria-live", "polite");
    this.vorige.addEventListener("click", function () { lijst.pagina -= 1; lijst.toon(); });
    this.volgende.addEventListener("click", function () { lijst.pagina += 1; lijst.toon(); });
    nav.append(this.vorige, this.stand, this.volgende);
    this.tabel.after(nav);
  };

  function verrijk(tabel) {
    const lijst = new Lijst(tabel);
    if (lijst.rijen.length < 2) return;
    lijst.knoppen();
    if (lijst.rijen.length > ZOEKEN_VANAF) lijst.zoekveld();
    if (lijst.rijen.length > PER_PAGINA) lijst.bladeren();
    lijst.toon();
  }

  function start() {
    document.querySelectorAll("main table.lijst").forEach(function (tabel) {
      // a list the server sorts and pages (the signals' worklist) is shown as it comes
      if (!tabel.closest("[data-bladeren='server']")) verrijk(tabel);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
