// « Copier l'adresse » beside a read-only address (components/copy_field.html). Without
// JavaScript, or without the clipboard, the button stays hidden and the field is selectable.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.dataset.copy);
    var status = document.querySelector('[data-copy-status="' + button.dataset.copy + '"]');
    if (!field) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(field.value).then(
        function () {
          if (status) status.textContent = status.dataset.copied;
        },
        function () {
          field.select();
          if (status) status.textContent = status.dataset.failed;
        }
      );
    });
  });
})();
