/* The application form, all optional (the form saves and sends without JavaScript):
   - what is typed is saved on the server a moment after typing stops, and a file as soon as it
     is chosen; the completeness meter follows;
   - a copy stays in this browser (localStorage) until the server has it, so that an expired
     session or a lost connection costs nothing: it is restored on the next visit;
   - commune suggestions from /projets/communes/.
   No user text is ever written with innerHTML. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-application-form]");
  if (!form) return;
  var key = form.getAttribute("data-draft-key");
  var status = form.querySelector("[data-draft-status]");
  var meter = form.querySelector("[data-completeness]");
  var meterText = form.querySelector("[data-completeness-text]");
  // When the server last saved this draft: a copy in this browser is only worth restoring
  // if the server has saved nothing since it was made (no clocks compared).
  var serverSavedAt = form.getAttribute("data-saved-at") || "";

  function say(text) { if (status) status.textContent = text; }

  function typedValues() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.name.indexOf("q-") !== 0 || field.type === "file") return;
      if (field.type === "checkbox") {
        values[field.name] = values[field.name] || [];
        if (field.checked) values[field.name].push(field.value);
      } else if (field.type === "radio") {
        if (field.checked) values[field.name] = field.value;
        else if (!(field.name in values)) values[field.name] = "";
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function keepLocally() {
    try {
      localStorage.setItem(key, JSON.stringify({ base: serverSavedAt, values: typedValues() }));
    } catch (e) { /* storage full or disabled: the server copy still works */ }
  }

  function forgetLocally() {
    try { localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }

  // A copy newer than the server's draft (typed while the session had expired, or offline):
  // put it back in the fields.
  (function restore() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (!saved || !saved.values) return;
    if (saved.base !== serverSavedAt) { forgetLocally(); return; }
    Object.keys(saved.values).forEach(function (name) {
      var value = saved.values[name];
      var fields = form.querySelectorAll('[name="' + name.replace(/"/g, "") + '"]');
      Array.prototype.forEach.call(fields, function (field) {
        if (field.type === "checkbox") field.checked = value.indexOf(field.value) !== -1;
        else if (field.type === "radio") field.checked = field.value === value;
        else field.value = value;
      });
    });
    say("Votre saisie gardée sur cet appareil a été restaurée ; elle sera enregistrée dès votre prochaine modification.");
  })();

  var timer = null;
  var edits = 0;
  var sending = false;
  var again = false;

  function save(withFiles) {
    if (sending) { again = true; return; }
    sending = true;
    var editsSent = edits;
    var body = new FormData(form);
    body.set("action", "brouillon");
    if (!withFiles) {
      Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) {
        body.delete(input.name);
      });
    }
    say("Enregistrement…");
    // Not `form.action`: the buttons named « action » shadow it.
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
      redirect: "manual"
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        throw new Error("session");
      }
      return response.json().then(function (data) { return { ok: response.ok, data: data }; });
    }).then(function (result) {
      var data = result.data;
      serverSavedAt = String(data.saved_at_epoch);
      // Typed while this was on its way: keep it here until the next save has it too.
      if (edits === editsSent) forgetLocally(); else keepLocally();
      if (meter) { meter.max = data.required; meter.value = data.answered; meter.textContent = data.percent + " %"; }
      if (meterText) meterText.textContent = data.answered + " sur " + data.required;
      Object.keys(data.files || {}).forEach(function (id) {
        var line = form.querySelector('[data-file-name="' + id + '"]');
        if (line) line.textContent = "Fichier joint : " + data.files[id];
      });
      if (withFiles) {
        Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) { input.value = ""; });
      }
      var refused = Object.keys(data.errors || {});
      if (refused.length) {
        say("Brouillon enregistré à " + data.saved_at + ", mais un fichier a été refusé : " + data.errors[refused[0]].join(" "));
      } else {
        say("Brouillon enregistré à " + data.saved_at + ".");
      }
    }).catch(function () {
      say("Votre session a expiré ou la connexion est coupée : votre saisie est gardée sur cet appareil. Reconnectez-vous, puis revenez sur ce formulaire pour la retrouver.");
    }).then(function () {
      sending = false;
      if (again) { again = false; save(false); }
    });
  }

  form.addEventListener("input", function (event) {
    if (event.target.type === "file") return;
    edits += 1;
    keepLocally();
    clearTimeout(timer);
    timer = setTimeout(function () { save(false); }, 1200);
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "file" && event.target.files.length) {
      clearTimeout(timer);
      save(true);
    }
  });
  form.addEventListener("submit", function () {
    keepLocally();
    clearTimeout(timer);
  });

  // Commune suggestions: the list of Occitanie's communes starting with what is typed.
  var datalist = document.getElementById("communes-suggestions");
  var suggestTimer = null;
  form.addEventListener("keyup", function (event) {
    var field = event.target;
    if (!datalist || field.getAttribute("list") !== "communes-suggestions") return;
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(function () {
      var query = field.value.trim();
      if (query.length < 2) return;
      fetch(datalist.getAttribute("data-communes-url") + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var parsed = new DOMParser().parseFromString("<datalist>" + html + "</datalist>", "text/html");
          while (datalist.firstChild) datalist.removeChild(datalist.firstChild);
          Array.prototype.forEach.call(parsed.querySelectorAll("option"), function (option) {
            var copy = document.createElement("option");
            copy.value = option.value;
            datalist.appendChild(copy);
          });
        })
        .catch(function () { /* no suggestions: typing still works */ });
    }, 250);
  });

  var focus = document.querySelector("[data-focus-on-load]");
  if (focus) focus.focus();
})();
