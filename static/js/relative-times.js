/* « il y a 3 minutes »: the dates written in full by the server (<time data-relative>) read as
   relative times in good French, refreshed every minute. The server never writes a relative
   time itself: a page or fragment kept in a cache would freeze « il y a 3 minutes » for hours.
   Without JavaScript the full date stays. */
(function () {
  "use strict";
  var format = window.Intl && Intl.RelativeTimeFormat
    ? new Intl.RelativeTimeFormat("fr", { numeric: "auto" }) : null;
  if (!format) { return; }
  var MINUTE = 60 * 1000, HOUR = 60 * MINUTE, DAY = 24 * HOUR;

  function relative(date, now) {
    var elapsed = now - date;
    if (elapsed < -MINUTE) { return null; }  // in the future: the full date says it best
    if (elapsed < MINUTE) { return "à l'instant"; }
    if (elapsed < HOUR) { return format.format(-Math.floor(elapsed / MINUTE), "minute"); }
    if (elapsed < DAY) { return format.format(-Math.floor(elapsed / HOUR), "hour"); }
    if (elapsed < 7 * DAY) { return format.format(-Math.floor(elapsed / DAY), "day"); }
    return null;  // older than a week: the date itself
  }

  function update() {
    var now = Date.now();
    document.querySelectorAll("time[data-relative]").forEach(function (element) {
      if (!element.dataset.full) {
        element.dataset.full = element.textContent;
        element.title = element.textContent;
      }
      var text = relative(new Date(element.getAttribute("datetime")).getTime(), now);
      element.textContent = text || element.dataset.full;
    });
  }
  update();
  setInterval(update, MINUTE);
  document.addEventListener("htmx:afterSwap", update);
})();
