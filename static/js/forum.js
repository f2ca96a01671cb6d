/* Forum helpers, all optional (the forms work without JavaScript):
   - drafts kept in localStorage and restored after a reload or an expired session;
   - one click, one post (the server also ignores a form sent twice);
   - "Citer" and "Répondre" fill the reply form;
   - @mention suggestions from /forum/membres/, listed at the caret;
   - a formatting toolbar and a preview (/forum/apercu/).
   No user text is ever written with innerHTML: the preview is the server's sanitised HTML. */
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

  // Toolbar and preview ------------------------------------------------------------------------
  // Buttons that write Markdown around the selection (also Ctrl+B, Ctrl+I, Ctrl+K), and a
  // preview rendered by the server with the same sanitiser as the posted text.
  var FORMATS = [
    { name: "Gras", key: "b", before: "**", after: "**", sample: "texte en gras" },
    { name: "Italique", key: "i", before: "_", after: "_", sample: "texte en italique" },
    { name: "Lien", key: "k", before: "[", after: "](https://)", sample: "texte du lien" },
    { name: "Liste", line: "- ", sample: "élément" },
    { name: "Citation", line: "> ", sample: "citation" },
    { name: "Code", before: "`", after: "`", sample: "code" }
  ];
  function apply(textarea, format) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var value = textarea.value, chosen = value.slice(start, end) || format.sample;
    var text;
    if (format.line) {
      var lineStart = value.lastIndexOf("\n", start - 1) + 1;
      var lines = (value.slice(start, end) || format.sample).split("\n");
      text = lines.map(function (line) { return format.line + line; }).join("\n");
      start = Math.max(start, lineStart);
      if (start !== lineStart) { text = "\n" + text; }
    } else {
      text = format.before + chosen + format.after;
    }
    textarea.setRangeText(text, start, end, "end");
    if (!format.line) {
      var inner = start + format.before.length;
      textarea.setSelectionRange(inner, inner + chosen.length);
    }
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }
  document.querySelectorAll("textarea[data-mentions]").forEach(function (textarea) {
    var bar = document.createElement("div");
    bar.className = "editor-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Mise en forme");
    bar.setAttribute("aria-controls", textarea.id);
    FORMATS.forEach(function (format, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "editor-toolbar__button editor-toolbar__button--" + format.name.toLowerCase();
      button.textContent = format.name;
      if (format.key) { button.setAttribute("aria-keyshortcuts", "Control+" + format.key.toUpperCase()); }
      button.tabIndex = index === 0 ? 0 : -1;
      button.addEventListener("click", function () { apply(textarea, format); });
      bar.appendChild(button);
    });
    // One stop in the tab order; arrows move between the buttons (ARIA toolbar pattern).
    bar.addEventListener("keydown", function (event) {
      var buttons = Array.prototype.slice.call(bar.querySelectorAll("button"));
      var index = buttons.indexOf(document.activeElement);
      if (index < 0) { return; }
      var next = event.key === "ArrowRight" ? index + 1 : event.key === "ArrowLeft" ? index - 1 :
        event.key === "Home" ? 0 : event.key === "End" ? buttons.length - 1 : null;
      if (next === null) { return; }
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons.forEach(function (button, i) { button.tabIndex = i === next ? 0 : -1; });
      buttons[next].focus();
    });
    // « Image »: a picture sent to the server (forum/images/), which answers with the Markdown
    // that shows it, inserted at the caret with its description selected to be written.
    var picker = document.createElement("input");
    picker.type = "file";
    picker.accept = "image/jpeg,image/png,image/webp";
    picker.hidden = true;
    picker.setAttribute("aria-hidden", "true");
    picker.tabIndex = -1;
    var imageButton = document.createElement("button");
    imageButton.type = "button";
    imageButton.className = "editor-toolbar__button editor-toolbar__button--image";
    imageButton.textContent = "Image";
    imageButton.tabIndex = -1;
    imageButton.addEventListener("click", function () { picker.click(); });
    var imageStatus = document.createElement("p");
    imageStatus.className = "card__meta editor-toolbar__status";
    imageStatus.setAttribute("aria-live", "polite");
    picker.addEventListener("change", function () {
      var file = picker.files && picker.files[0];
      if (!file) { return; }
      var body = new FormData();
      body.append("image", file);
      imageStatus.textContent = "Envoi de l'image…";
      fetch("/forum/images/", {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": (textarea.form.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "" }
      })
        .then(function (response) {
          // A refusal says why in JSON; anything else (a proxy's page) gets the plain message.
          return response.json().catch(function () { return {}; })
            .then(function (data) { return { ok: response.ok, data: data }; });
        })
        .then(function (answer) {
          if (!answer.ok) { throw new Error(answer.data.error || ""); }
          var start = textarea.selectionStart;
          var prefix = start > 0 && textarea.value[start - 1] !== "\n" ? "\n" : "";
          textarea.setRangeText(prefix + answer.data.markdown + "\n", start, textarea.selectionEnd, "end");
          var alt = start + prefix.length + 2;
          textarea.focus();
          textarea.setSelectionRange(alt, alt + answer.data.markdown.indexOf("]") - 2);
          textarea.dispatchEvent(new Event("input", { bubbles: true }));
          imageStatus.textContent = "Image ajoutée : décrivez-la pour les personnes qui ne la voient pas.";
        })
        .catch(function (error) {
          imageStatus.textContent = (error && error.message) || "L'image n'a pas pu être envoyée. Votre texte est intact.";
        })
        .finally(function () { picker.value = ""; });
    });
    bar.appendChild(imageButton);
    bar.appendChild(picker);
    var previewButton = document.createElement("button");
    previewButton.type = "button";
    previewButton.className = "button--secondary editor-toolbar__preview";
    previewButton.textContent = "Aperçu";
    previewButton.setAttribute("aria-expanded", "false");
    var preview = document.createElement("div");
    preview.className = "post-preview";
    preview.id = textarea.id + "-apercu";
    preview.setAttribute("aria-live", "polite");
    preview.setAttribute("aria-label", "Aperçu du message");
    preview.setAttribute("role", "region");
    preview.hidden = true;
    previewButton.setAttribute("aria-controls", preview.id);
    bar.appendChild(previewButton);
    textarea.before(bar);
    textarea.after(preview);
    bar.after(imageStatus);
    previewButton.addEventListener("click", function () {
      if (!preview.hidden) {
        preview.hidden = true;
        previewButton.textContent = "Aperçu";
        previewButton.setAttribute("aria-expanded", "false");
        return;
      }
      var body = new FormData();
      body.append("text", textarea.value);
      fetch("/forum/apercu/", {
        method: "POST", body: body, credentials: "same-origin",
        headers: { "X-CSRFToken": (textarea.form.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "" }
      })
        .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.text(); })
        .then(function (html) {
          // The server's sanitised HTML (forum/markdown.py), the same as once posted.
          preview.innerHTML = html;
          preview.hidden = false;
          previewButton.textContent = "Masquer l'aperçu";
          previewButton.setAttribute("aria-expanded", "true");
        })
        .catch(function () {
          preview.textContent = "L'aperçu n'a pas pu être affiché. Votre texte est intact.";
          preview.hidden = false;
        });
    });
    textarea.addEventListener("input", function () {
      if (!preview.hidden) { preview.hidden = true; previewButton.textContent = "Aperçu"; previewButton.setAttribute("aria-expanded", "false"); }
    });
    textarea.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) { return; }
      var format = FORMATS.filter(function (f) { return f.key === event.key.toLowerCase(); })[0];
      if (format) { event.preventDefault(); apply(textarea, format); }
    });
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
    // The list opens under the caret: a hidden copy of the textarea, with the same box and
    // font, measures where the text before the caret ends.
    textarea.parentNode.classList.add("has-mentions");
    function placeAtCaret() {
      var style = window.getComputedStyle(textarea);
      var mirror = document.createElement("div");
      ["boxSizing", "width", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft",
        "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth",
        "fontFamily", "fontSize", "fontWeight", "lineHeight", "letterSpacing", "wordSpacing",
        "textIndent", "tabSize"].forEach(function (property) { mirror.style[property] = style[property]; });
      mirror.style.position = "absolute";
      mirror.style.visibility = "hidden";
      mirror.style.whiteSpace = "pre-wrap";
      mirror.style.overflowWrap = "break-word";
      mirror.textContent = textarea.value.slice(0, textarea.selectionStart);
      var marker = document.createElement("span");
      marker.textContent = "\u200b";
      mirror.appendChild(marker);
      document.body.appendChild(mirror);
      var lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4;
      var top = textarea.offsetTop + marker.offsetTop - textarea.scrollTop + lineHeight + 4;
      var left = textarea.offsetLeft + Math.min(marker.offsetLeft, textarea.clientWidth - 200);
      document.body.removeChild(mirror);
      list.style.top = top + "px";
      list.style.left = Math.max(textarea.offsetLeft, left) + "px";
    }
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
            if (!list.hidden) { placeAtCaret(); }
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
