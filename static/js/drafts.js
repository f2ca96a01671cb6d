// « Mes brouillons » in Mon espace: the forum drafts this browser keeps (static/js/forum.js
// saves them in localStorage as « forum-draft-<thread id> » or « forum-draft-new-<category> »),
// each with the start of its text and a link back to where it is finished.
(function () {
  "use strict";
  var box = document.querySelector("[data-local-drafts]");
  if (!box) return;
  var drafts = [];
  try {
    for (var i = 0; i < localStorage.length; i++) {
      var key = localStorage.key(i);
      if (key && key.indexOf("forum-draft-") === 0) drafts.push(key);
    }
  } catch (e) {
    return;
  }
  var list = document.createElement("ul");
  list.className = "space-list";
  drafts.sort().forEach(function (key) {
    var draft = {};
    try { draft = JSON.parse(localStorage.getItem(key) || "{}") || {}; } catch (e) { draft = {}; }
    var rest = key.slice("forum-draft-".length);
    var link = document.createElement("a");
    var title;
    if (rest.indexOf("new-") === 0) {
      var category = rest.slice(4);
      link.href = category === "forum" ? "/forum/nouveau/" : "/forum/" + encodeURIComponent(category) + "/nouveau/";
      title = draft.title || box.dataset.newThread;
    } else if (/^\d+$/.test(rest)) {
      link.href = "/forum/sujet/" + rest + "/premier-non-lu/#repondre";
      title = box.dataset.reply.replace("%(id)s", rest);
    } else {
      return;
    }
    var text = (draft.text || draft.body || "").trim();
    link.textContent = title;
    var item = document.createElement("li");
    var main = document.createElement("div");
    main.appendChild(link);
    var excerpt = document.createElement("p");
    excerpt.className = "card__meta";
    excerpt.textContent = text ? text.slice(0, 120) + (text.length > 120 ? "…" : "") : box.dataset.untitled;
    main.appendChild(excerpt);
    item.appendChild(main);
    list.appendChild(item);
  });
  if (list.children.length) {
    box.appendChild(list);
  } else {
    var empty = document.createElement("p");
    empty.textContent = box.dataset.empty;
    box.appendChild(empty);
  }
})();
