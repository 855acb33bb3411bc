/* Mailmove embed: inserts the check as an iframe right after this script tag and
   keeps the iframe as tall as its content. Options are the script's data- attributes:
   data-lang (ja|en), data-accent (#RRGGBB), data-cta (link), data-cta-label,
   data-company, data-domain (check this domain on load).
   <script src="https://CHECK-SERVER/embed.js" data-lang="ja" async></script> */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src, document.baseURI).origin;
  var params = new URLSearchParams();
  [["lang", "lang"], ["accent", "accent"], ["cta", "cta"], ["cta-label", "cta_label"],
   ["company", "company"], ["domain", "domain"]].forEach(function (pair) {
    var value = script.getAttribute("data-" + pair[0]);
    if (value) params.set(pair[1], value);
  });
  var frame = document.createElement("iframe");
  frame.src = origin + "/embed?" + params.toString();
  frame.title = script.getAttribute("data-title") || "メールの設定チェック / E-mail settings check";
  frame.className = "mailmove-embed";
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.minHeight = "360px";
  frame.setAttribute("loading", "lazy");
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== origin || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (data && data.type === "mailmove:height" && typeof data.height === "number") {
      frame.style.height = Math.ceil(data.height) + "px";
    }
  });
})();
