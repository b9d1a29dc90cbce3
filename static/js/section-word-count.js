// Live word count per section (the server's count, in portal.text.count_words, is authoritative).
(function () {
  var cjk = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u309f\u30a0-\u30ff]/g;
  function count(text) {
    var n = 0;
    (text || "").split(/\s+/).forEach(function (tok) {
      if (!tok) return;
      var m = tok.match(cjk); n += m ? m.length : 0;
      tok.replace(cjk, " ").split(" ").forEach(function (part) { if (/[\p{L}\p{N}]/u.test(part)) n += 1; });
    });
    return n;
  }
  document.querySelectorAll("textarea[data-word-limit]").forEach(function (el) {
    var out = document.createElement("div");
    out.className = "form-text"; out.setAttribute("aria-live", "polite");
    el.insertAdjacentElement("afterend", out);
    var limit = parseInt(el.dataset.wordLimit, 10);
    function update() { var n = count(el.value); out.textContent = n + " / " + limit; out.classList.toggle("text-danger", n > limit); }
    el.addEventListener("input", update); update();
  });
})();
