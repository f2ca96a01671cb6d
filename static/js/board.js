// Drag and drop on the applications board (SortableJS): a card may only be dropped on a
// column its application may move to (data-allowed); dropping opens the dialog with the note
// and the confirmation, which posts the same form as « Déplacer ». Cancelling puts the card
// back. Without JavaScript, or with the keyboard, « Déplacer » on each card does the same.
(function () {
  "use strict";
  var board = document.querySelector("[data-board]");
  var dialog = document.getElementById("move-dialog");
  if (!board || !dialog || !window.Sortable || !dialog.showModal) return;
  var script = document.currentScript || document.querySelector("script[data-move-to]");
  var form = dialog.querySelector("[data-move-form]");
  var title = dialog.querySelector("[data-move-title]");
  var pending = null;

  function allowed(card) {
    return (card.dataset.allowed || "").split(",").filter(Boolean);
  }

  function putBack() {
    if (!pending) return;
    var before = pending.from.children[pending.oldIndex] || null;
    pending.from.insertBefore(pending.item, before);
    pending = null;
  }

  board.querySelectorAll("[data-stage]").forEach(function (list) {
    window.Sortable.create(list, {
      group: {
        name: "board",
        pull: true,
        put: function (to, from, card) {
          return allowed(card).indexOf(to.el.dataset.stage) !== -1;
        },
      },
      sort: false,
      // Mouse and touch events rather than the browser's own drag and drop: the same on every
      // browser and on touch screens.
      forceFallback: true,
      animation: 150,
      draggable: ".board__card",
      filter: "a, summary, details, button, input, select, textarea, label",
      preventOnFilter: false,
      onEnd: function (event) {
        if (event.from === event.to) return;
        pending = { item: event.item, from: event.from, oldIndex: event.oldIndex };
        form.action = event.item.dataset.moveUrl;
        form.elements.stage.value = event.to.dataset.stage;
        title.textContent = script.dataset.moveTo
          .replace("%(title)s", event.item.dataset.title)
          .replace("%(stage)s", event.to.dataset.stageName);
        form.elements.confirm.checked = false;
        dialog.showModal();
        form.elements.note.focus();
      },
    });
  });

  dialog.querySelector("[data-move-cancel]").addEventListener("click", function () {
    dialog.close();
  });
  dialog.addEventListener("close", function () {
    if (dialog.returnValue !== "moved") putBack();
  });
  form.addEventListener("submit", function () {
    dialog.returnValue = "moved";
    pending = null;
  });
})();
