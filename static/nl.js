// RadarDuaal: Dutch for Streamlit's own English labels (ui/chrome.py injects this
// once per browser tab). Streamlit 1.67 has no setting for its interface language;
// this replaces, in the page as it is drawn, the texts, tooltips and screen-reader
// labels that Streamlit, its data grid, Vega and the map controls write in English,
// and declares the page Dutch (lang="nl") so screen readers pronounce it as Dutch.
(function () {
  const w = window.parent && window.parent.document ? window.parent : window;
  if (w.__radarDutch) return;
  w.__radarDutch = true;
  const doc = w.document;
  const EXACT = {
    "Running...": "Bezig…",
    "Stop": "Stoppen",
    "Sidebar": "Zijbalk",
    "Collapse sidebar": "Zijbalk inklappen",
    "Expand sidebar": "Zijbalk openen",
    "App pages": "Pagina's",
    "Main menu": "Menu",
    "Link to heading": "Link naar deze titel",
    "Choose date": "Kies een datum",
    "Choose date range": "Kies een periode",
    "Previous month": "Vorige maand",
    "Next month": "Volgende maand",
    "Choose an option": "Kies een optie",
    "Choose options": "Kies een of meer opties",
    "No results": "Geen resultaten",
    "empty": "geen rijen",
    "Open": "Openen",
    "Clear all": "Alles wissen",
    "Clear value": "Wissen",
    "Select all": "Alles selecteren",
    "Increment": "Verhogen",
    "Decrement": "Verlagen",
    "Show/hide columns": "Kolommen tonen of verbergen",
    "Download as CSV": "Download als CSV",
    "Search": "Zoeken",
    "Fullscreen": "Volledig scherm",
    "Close fullscreen": "Volledig scherm sluiten",
    "Exit fullscreen": "Volledig scherm sluiten",
    "Copy to clipboard": "Kopieer naar klembord",
    "Copied to clipboard": "Gekopieerd",
    "Sort ascending": "Oplopend sorteren",
    "Sort descending": "Aflopend sorteren",
    "Pin column": "Kolom vastzetten",
    "Unpin column": "Kolom losmaken",
    "Hide column": "Kolom verbergen",
    "Autosize": "Passende breedte",
    "Format": "Opmaak",
    "Show data": "Toon de gegevens",
    "Download as PNG": "Download als PNG",
    "Download as SVG": "Download als SVG",
    "Copy Vega-Lite spec": "Kopieer de grafiekdefinitie",
    "View Source": "Toon de bron",
    "Open in Vega Editor": "Open in de Vega-editor",
    "Vega visualization": "Grafiek",
    "Map": "Kaart",
    "Mapbox logo": "Mapbox-logo",
    "Zoom In": "Inzoomen",
    "Zoom Out": "Uitzoomen",
    "Reset bearing to north": "Noorden boven",
    "Toggle attribution": "Bronvermelding tonen of verbergen",
    "Upload": "Bestand kiezen",
    "Browse files": "Bestand kiezen",
    "file upload": "bestand opladen",
    "Drag and drop file here": "Sleep een bestand hierheen",
    "Drag and drop files here": "Sleep bestanden hierheen",
    "Remove file": "Bestand weghalen",
    "Press Enter to apply": "Druk op Enter om toe te passen",
    "Press Enter to submit form": "Druk op Enter om te versturen",
    "Skip to main content": "Naar de inhoud",
  };
  const PATTERNS = [
    [/^Help for (.+)$/, "Uitleg bij $1"],
    [/^day, (.+)$/, "dag, $1"],
    [/^month, (.+)$/, "maand, $1"],
    [/^year, (.+)$/, "jaar, $1"],
    [/^(.+) start date$/, "$1, begindatum"],
    [/^(.+) end date$/, "$1, einddatum"],
    [/^(\d+\s?[KMG]B) per file(.*)$/, "$1 per bestand$2"],
    [/^Limit (\d+\s?[KMG]B) per file(.*)$/, "Maximaal $1 per bestand$2"],
    [/^[a-z_ ]+ icon$/, "pictogram"],
  ];
  const ATTRS = ["aria-label", "title", "placeholder"];

  function dutch(text) {
    const bare = text.trim();
    if (!bare) return null;
    if (Object.prototype.hasOwnProperty.call(EXACT, bare)) {
      return text.replace(bare, EXACT[bare]);
    }
    for (const [re, to] of PATTERNS) {
      if (re.test(bare)) return text.replace(bare, bare.replace(re, to));
    }
    return null;
  }

  function fixElement(el) {
    for (const a of ATTRS) {
      const v = el.getAttribute && el.getAttribute(a);
      if (v) {
        const d = dutch(v);
        if (d !== null && d !== v) el.setAttribute(a, d);
      }
    }
  }

  function fixTree(root) {
    if (root.nodeType === 3) {
      const d = dutch(root.data);
      if (d !== null && d !== root.data) root.data = d;
      return;
    }
    if (root.nodeType !== 1) return;
    fixElement(root);
    for (const el of root.querySelectorAll("[aria-label],[title],[placeholder]")) {
      fixElement(el);
    }
    const walker = doc.createTreeWalker(root, 4);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.data.length < 80) {
        const d = dutch(n.data);
        if (d !== null && d !== n.data) n.data = d;
      }
    }
  }

  doc.documentElement.lang = "nl";
  fixTree(doc.body);
  new w.MutationObserver(function (mutations) {
    for (const m of mutations) {
      if (m.type === "childList") m.addedNodes.forEach(fixTree);
      else if (m.type === "characterData") fixTree(m.target);
      else fixElement(m.target);
    }
    if (doc.documentElement.lang !== "nl") doc.documentElement.lang = "nl";
  }).observe(doc.documentElement, {
    subtree: true,
    childList: true,
    characterData: true,
    attributes: true,
    attributeFilter: ATTRS.concat(["lang"]),
  });
})();
