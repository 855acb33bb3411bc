/* Mailmove embed: inserts the check as an iframe right after this script tag and
   keeps the iframe as tall as its content. Options are the script's data- attributes:
   data-lang (ja|en), data-accent (#RRGGBB), data-cta (link), data-cta-label,
   data-company, data-domain (check this domain on load), data-share-url (this page's
   address: share links point here instead of the check's own site).
   <script src="https://CHECK-SERVER/embed.js" data-lang="ja" async></script>
   Before inserting, it asks the check's server whether this site may frame it; a site
   that is not on the server's list shows a message instead of an empty box. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var lang = script.getAttribute("data-lang") === "en" ? "en" : "ja";
  var params = new URLSearchParams();
  [["lang", "lang"], ["accent", "accent"], ["cta", "cta"], ["cta-label", "cta_label"],
   ["company", "company"], ["domain", "domain"], ["share-url", "share_url"]].forEach(function (pair) {
    var value = script.getAttribute("data-" + pair[0]);
    if (value) params.set(pair[1], value);
  });
  var parent = script.parentNode;
  var anchor = script.nextSibling;

  function insertFrame() {
    var frame = document.createElement("iframe");
    frame.src = origin + "/embed?" + params.toString();
    frame.title = script.getAttribute("data-title") || "メールの設定チェック / E-mail settings check";
    frame.className = "mailmove-embed";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.minHeight = "360px";
    frame.setAttribute("loading", "lazy");
    parent.insertBefore(frame, anchor);
    window.addEventListener("message", function (event) {
      if (event.origin !== origin || event.source !== frame.contentWindow) return;
      var data = event.data;
      if (data && data.type === "mailmove:height" && typeof data.height === "number") {
        frame.style.height = Math.ceil(data.height) + "px";
      }
    });
  }

  function refuse() {
    var box = document.createElement("div");
    box.className = "mailmove-embed-refused";
    box.setAttribute("role", "note");
    box.style.cssText = "border:1px solid #bf8700;border-left:6px solid #bf8700;border-radius:6px;" +
      "padding:12px 16px;background:#fffbe6;color:#1b1f23;font:15px/1.6 system-ui,sans-serif";
    var text = lang === "en"
      ? ["The e-mail settings check cannot be shown on this site yet.",
         "The check's server does not list this site (" + location.origin + ") among the sites that may show it. " +
         "Its operator can add it to the list of allowed sites.",
         "Open the check on its own site"]
      : ["このサイトではメールの設定チェックをまだ表示できません。",
         "チェックを提供しているサーバーの「表示を許可するサイト」の一覧に、このサイト(" + location.origin +
         ")が入っていません。サーバーの管理者が一覧に追加すると表示されます。",
         "チェックを別のページで開く"];
    var title = document.createElement("strong");
    title.textContent = text[0];
    var why = document.createElement("p");
    why.style.margin = "4px 0";
    why.textContent = text[1];
    var link = document.createElement("a");
    link.href = origin + "/?lang=" + lang;
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = text[2];
    box.appendChild(title);
    box.appendChild(why);
    box.appendChild(link);
    parent.insertBefore(box, anchor);
  }

  // A server without this question (a static deployment answers with its page) and a
  // network error leave the decision to the browser, as before.
  fetch(origin + "/api/embed-allowed?origin=" + encodeURIComponent(location.origin))
    .then(function (response) { return response.ok ? response.json() : { allowed: true }; })
    .then(function (answer) { if (answer && answer.allowed === false) refuse(); else insertFrame(); })
    .catch(insertFrame);
})();
