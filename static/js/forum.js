/* Forum helpers, all optional (the forms work without JavaScript):
   - drafts kept in localStorage and restored after a reload or an expired session;
   - one click, one post (the server also ignores a form sent twice);
   - "Citer" and "Répondre" fill the reply form;
   - @mention suggestions from /forum/membres/.
   No user text is ever written with innerHTML. */
(function () {
  "use strict";

  var DRAFT_FIELDS = "textarea[name=text], textarea[name=body], input[name=title], input[name=tags]";

  function readCookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : null;
  }

  // A post was published: forget its draft (the server sets this cookie on success).
  var published = readCookie("forum_draft_clear");
  if (published) {
    try { localStorage.removeItem(published); } catch (e) { /* storage unavailable */ }
    document.cookie = "forum_draft_clear=; Max-Age=0; path=/forum/; SameSite=Lax";
  }

  document.querySelectorAll("form[data-draft-key]").forEach(function (form) {
    var key = form.getAttribute("data-draft-key");
    var status = form.querySelector("[data-draft-status]");
    var fields = form.querySelectorAll(DRAFT_FIELDS);
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (saved) {
      var restored = false;
      fields.forEach(function (field) {
        if (saved[field.name] && !field.value.trim()) { field.value = saved[field.name]; restored = true; }
      });
      if (restored && status) { status.textContent = "Votre brouillon a été restauré."; }
    }
    var timer = null;
    form.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var draft = {};
        fields.forEach(function (field) { draft[field.name] = field.value; });
        try {
          localStorage.setItem(key, JSON.stringify(draft));
          if (status) { status.textContent = "Brouillon enregistré sur cet appareil."; }
        } catch (e) { /* storage full or disabled: the form still works */ }
      }, 400);
    });
  });

  document.querySelectorAll("form").forEach(function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[data-once]");
      if (button) {
        setTimeout(function () { button.disabled = true; button.textContent = "Envoi…"; }, 0);
      }
    });
  });

  var replyForm = document.querySelector("#repondre form");
  var replyText = replyForm && replyForm.querySelector("textarea[name=text]");
  var parentInput = replyForm && replyForm.querySelector("input[name=parent]");
  var target = replyForm && replyForm.querySelector("[data-reply-target]");

  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-quote], [data-reply-to]");
    if (!link || !replyText) { return; }
    event.preventDefault();
    if (link.hasAttribute("data-quote")) {
      var source = document.getElementById(link.getAttribute("data-quote"));
      var quote = source.value.split("\n").map(function (line) { return "> " + line; }).join("\n");
      replyText.value = (replyText.value ? replyText.value + "\n\n" : "") + quote + "\n\n";
    } else {
      parentInput.value = link.getAttribute("data-reply-to");
      target.hidden = false;
      target.textContent = "En réponse à " + link.getAttribute("data-reply-name") + ". ";
      var cancel = document.createElement("button");
      cancel.type = "button";
      cancel.className = "button--link";
      cancel.textContent = "Répondre au sujet plutôt";
      cancel.addEventListener("click", function () {
        parentInput.value = ""; target.hidden = true; target.textContent = ""; replyText.focus();
      });
      target.appendChild(cancel);
    }
    replyText.focus();
    replyText.dispatchEvent(new Event("input", { bubbles: true }));
  });

  // @mentions ---------------------------------------------------------------------------------
  document.querySelectorAll("textarea[data-mentions]").forEach(function (textarea) {
    var list = document.createElement("ul");
    list.className = "mention-list";
    list.id = textarea.id + "-mentions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Membres à mentionner");
    list.hidden = true;
    var live = document.createElement("p");
    live.className = "visually-hidden";
    live.setAttribute("aria-live", "polite");
    textarea.after(list, live);
    textarea.setAttribute("aria-controls", list.id);
    textarea.setAttribute("aria-autocomplete", "list");
    var active = -1;
    var pending = null;

    function partial() {
      var before = textarea.value.slice(0, textarea.selectionStart);
      var match = before.match(/(^|\s)@([^\s@]{2,30}(?: [^\s@]{1,30})?)$/);
      return match ? match[2] : null;
    }
    function close() { list.hidden = true; active = -1; textarea.removeAttribute("aria-activedescendant"); }
    function choose(name) {
      var start = textarea.selectionStart;
      var before = textarea.value.slice(0, start);
      var at = before.lastIndexOf("@");
      textarea.value = before.slice(0, at) + "@" + name + " " + textarea.value.slice(start);
      var caret = at + name.length + 2;
      textarea.setSelectionRange(caret, caret);
      close();
      textarea.focus();
      live.textContent = name + " sera prévenu·e.";
    }
    function highlight(index) {
      var items = list.querySelectorAll("li");
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === index ? "true" : "false"); });
      active = index;
      if (items[index]) { textarea.setAttribute("aria-activedescendant", items[index].id); }
    }
    textarea.addEventListener("input", function () {
      var query = partial();
      if (!query) { close(); return; }
      clearTimeout(pending);
      pending = setTimeout(function () {
        fetch("/forum/membres/?q=" + encodeURIComponent(query), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren();
            data.results.forEach(function (name, i) {
              var item = document.createElement("li");
              item.id = list.id + "-" + i;
              item.setAttribute("role", "option");
              item.textContent = name;
              item.addEventListener("mousedown", function (e) { e.preventDefault(); choose(name); });
              list.appendChild(item);
            });
            list.hidden = data.results.length === 0;
            live.textContent = data.results.length ? data.results.length + " membre(s) proposé(s), flèches pour choisir." : "";
            highlight(data.results.length ? 0 : -1);
          })
          .catch(close);
      }, 150);
    });
    textarea.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      var count = list.children.length;
      if (event.key === "ArrowDown") { event.preventDefault(); highlight((active + 1) % count); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight((active - 1 + count) % count); }
      else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault(); choose(list.children[active].textContent);
      } else if (event.key === "Escape") { close(); }
    });
    textarea.addEventListener("blur", function () { setTimeout(close, 150); });
  });
})();
