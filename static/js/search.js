/* Suggestions under the header's search box (ARIA 1.2 combobox with a listbox): titles of
   what this person may find, from /recherche/suggestions/. Without JavaScript the box is a
   plain search form. No text is written with innerHTML. */
(function () {
  "use strict";
  var input = document.getElementById("header-search");
  if (!input || !window.fetch) { return; }
  var form = input.form;
  var list = document.createElement("ul");
  list.id = "header-search-suggestions";
  list.className = "suggestions";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", "Suggestions");
  list.hidden = true;
  var live = document.createElement("p");
  live.className = "visually-hidden";
  live.setAttribute("role", "status");
  form.appendChild(list);
  form.appendChild(live);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", list.id);
  input.setAttribute("autocomplete", "off");

  var active = -1, timer = null, lastQuery = "";

  function options() { return list.querySelectorAll("[role=option]"); }
  function close() {
    list.hidden = true; active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function highlight(index) {
    var items = options();
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
    active = index;
    if (items[index]) { input.setAttribute("aria-activedescendant", items[index].id); }
    else { input.removeAttribute("aria-activedescendant"); }
  }
  function show(results) {
    list.replaceChildren();
    results.forEach(function (result, i) {
      var item = document.createElement("li");
      item.id = list.id + "-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      // Plain text in the option (a link inside would be a nested control): the URL is data.
      item.textContent = result.title;
      if (result.kind_label) {
        // What it is, read after the title by screen readers too (« Casa Comuna, Projet »).
        var kind = document.createElement("span");
        kind.className = "suggestions__kind";
        kind.textContent = result.kind_label;
        item.appendChild(document.createTextNode(" "));
        item.appendChild(kind);
      }
      item.setAttribute("data-url", result.url);
      item.addEventListener("mousedown", function (event) { event.preventDefault(); window.location.href = result.url; });
      list.appendChild(item);
    });
    var open = results.length > 0;
    list.hidden = !open;
    input.setAttribute("aria-expanded", open ? "true" : "false");
    live.textContent = open ? results.length + " suggestion(s) : flèche bas pour les parcourir." : "";
    active = -1;
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    clearTimeout(timer);
    if (query.length < 2) { close(); return; }
    timer = setTimeout(function () {
      lastQuery = query;
      fetch("/recherche/suggestions/?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (query === lastQuery) { show(data.results); } })
        .catch(close);
    }, 120);
  });
  input.addEventListener("keydown", function (event) {
    var count = options().length;
    if (event.key === "ArrowDown" && count) { event.preventDefault(); list.hidden = false; input.setAttribute("aria-expanded", "true"); highlight((active + 1) % count); }
    else if (event.key === "ArrowUp" && count) { event.preventDefault(); highlight((active - 1 + count) % count); }
    else if (event.key === "Enter" && active >= 0) { event.preventDefault(); window.location.href = options()[active].getAttribute("data-url"); }
    else if (event.key === "Escape") { close(); }
  });
  input.addEventListener("blur", function () { setTimeout(close, 150); });
})();
