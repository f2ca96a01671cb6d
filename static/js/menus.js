// Disclosure menus (<details data-menu>, the account menu): they open and close without
// JavaScript; with it, a click elsewhere or Escape closes them, as a menu should.
(function () {
  "use strict";
  function closeAll(except) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (menu !== except) menu.open = false;
    });
  }
  document.addEventListener("click", function (event) {
    closeAll(event.target.closest("details[data-menu]"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details[data-menu][open]");
    if (!open) return;
    open.open = false;
    open.querySelector("summary").focus();
  });
})();

// The bell: without JavaScript a link to the list; with it, the latest notifications in a
// popover fetched when opened (/compte/notifications/apercu/), closed by Escape or a click
// elsewhere.
(function () {
  "use strict";
  document.querySelectorAll("[data-popover-src]").forEach(function (trigger) {
    var popover = document.getElementById(trigger.dataset.popover);
    if (!popover || !window.fetch) return;
    trigger.setAttribute("aria-expanded", "false");
    trigger.setAttribute("aria-controls", popover.id);
    function close(returnFocus) {
      if (popover.hidden) return;
      popover.hidden = true;
      trigger.setAttribute("aria-expanded", "false");
      if (returnFocus) trigger.focus();
    }
    trigger.addEventListener("click", function (event) {
      event.preventDefault();
      if (!popover.hidden) return close(false);
      var here = window.location.pathname + window.location.search;
      fetch(trigger.dataset.popoverSrc + "?next=" + encodeURIComponent(here), {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.text();
        })
        .then(function (html) {
          popover.innerHTML = html;
          popover.hidden = false;
          trigger.setAttribute("aria-expanded", "true");
          var first = popover.querySelector("a, button");
          if (first) first.focus();
        })
        .catch(function () {
          window.location.href = trigger.href;
        });
    });
    document.addEventListener("click", function (event) {
      if (!popover.contains(event.target) && !trigger.contains(event.target)) close(false);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") close(true);
    });
  });
})();

// The header on a phone (under 48 em): « Menu » shows the search and the sections, which
// otherwise take most of the screen. Without JavaScript everything stays visible.
(function () {
  "use strict";
  var header = document.querySelector("[data-site-header]");
  var toggle = header && header.querySelector("[data-menu-toggle]");
  if (!toggle) return;
  header.classList.add("site-header--foldable");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = header.classList.toggle("site-header--open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    if (open) document.getElementById("header-search").focus();
  });
})();

// Directory pages on a phone (projects, library, agenda, search): the results first, the
// filters behind a button named after their heading (« Filtrer les projets »). Without
// JavaScript, or on a wide screen, the filters stay beside the results.
(function () {
  "use strict";
  document.querySelectorAll(".directory").forEach(function (directory, index) {
    var filters = directory.querySelector(".directory__filters");
    var heading = filters && filters.querySelector("h2");
    if (!heading) return;
    filters.id = filters.id || "directory-filters-" + index;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "directory__toggle button--secondary";
    button.textContent = heading.textContent.trim();
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", filters.id);
    directory.insertBefore(button, directory.firstChild);
    directory.classList.add("directory--foldable");
    button.addEventListener("click", function () {
      var open = directory.classList.toggle("directory--filters-open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
  });
})();
