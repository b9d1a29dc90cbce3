/* Live word counter for text areas marked data-word-count.
   Counts as portal.text.count_words does on the server: whitespace-separated
   tokens that hold a letter or digit (Latin, Cyrillic, Arabic...), and one word
   per Chinese or Japanese character. The messages come translated from the page:
   data-word-count-text="{n} words of {limit}", data-word-count-over="{n} words: {over} over the limit of {limit}". */
(function () {
  "use strict";
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u309f\u30a0-\u30ff]|[\ud840-\ud87a][\udc00-\udfff]/g;
  var WORD_CHAR = /[\p{L}\p{N}]/u;

  function countWords(text) {
    var total = 0;
    (text || "").split(/\s+/).forEach(function (token) {
      if (!token) { return; }
      var cjk = token.match(CJK);
      if (cjk) { total += cjk.length; }
      token.replace(CJK, " ").split(/\s+/).forEach(function (part) {
        if (part && WORD_CHAR.test(part)) { total += 1; }
      });
    });
    return total;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key].toLocaleString() : "";
    });
  }

  function attach(area) {
    var output = document.getElementById(area.getAttribute("data-word-count"));
    if (!output) { return; }
    var limit = parseInt(area.getAttribute("data-word-limit") || "0", 10);
    var text = area.getAttribute("data-word-count-text") || "{n}";
    var over = area.getAttribute("data-word-count-over") || text;
    function update() {
      var n = countWords(area.value);
      var tooMany = limit > 0 && n > limit;
      output.textContent = fill(tooMany ? over : text, {n: n, limit: limit, over: n - limit});
      output.classList.toggle("text-danger", tooMany);
      output.classList.toggle("fw-semibold", tooMany);
    }
    area.addEventListener("input", update);
    update();
  }

  window.portalCountWords = countWords;
  document.querySelectorAll("textarea[data-word-count]").forEach(attach);
})();
