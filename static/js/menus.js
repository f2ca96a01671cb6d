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
