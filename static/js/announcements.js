// The announcement form: of the fields that narrow the recipients (départements, project,
// category, event, programme), only the one the chosen segment needs is shown. Without
// JavaScript they all stay visible, each labelled with the segment it serves.
(function () {
  "use strict";
  var radios = document.querySelectorAll('input[name="segment"]');
  var groups = document.querySelectorAll("[data-for-segment]");
  if (!radios.length || !groups.length) return;
  function show() {
    var chosen = document.querySelector('input[name="segment"]:checked');
    var value = chosen ? chosen.value : "";
    groups.forEach(function (group) {
      group.hidden = group.dataset.forSegment.split(" ").indexOf(value) === -1;
    });
  }
  radios.forEach(function (radio) {
    radio.addEventListener("change", show);
  });
  show();
})();
