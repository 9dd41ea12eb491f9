// The index page's search: provinces (cards shown or hidden) and LAO names (a list of links to the
// LAO's row on its booklet's page), from search.json.  Without JavaScript the form stays hidden and
// the full list of booklets is there.
(function () {
  "use strict";
  var form = document.getElementById("search");
  var input = document.getElementById("q");
  var status = document.getElementById("status");
  var results = document.getElementById("results");
  var MAX_LAOS = 50;
  var index = null;
  function norm(text) { return text.normalize("NFC").toLowerCase().replace(/\s+/g, ""); }
  function show() {
    var q = norm(input.value);
    var cards = document.querySelectorAll(".card");
    var shown = 0;
    cards.forEach(function (card) {
      var hit = !q || norm(card.getAttribute("data-search")).indexOf(q) >= 0;
      card.hidden = !hit;
      if (hit) { shown += 1; }
    });
    document.querySelectorAll("section.region").forEach(function (section) {
      section.hidden = !section.querySelector(".card:not([hidden])");
    });
    results.textContent = "";
    var found = 0;
    if (q && index) {
      for (var i = 0; i < index.laos.length && found < MAX_LAOS; i += 1) {
        var lao = index.laos[i];
        if (norm(lao[0]).indexOf(q) < 0) { continue; }
        var booklet = index.booklets[lao[2]];
        var item = document.createElement("li");
        var link = document.createElement("a");
        link.href = booklet.page + "#lao-" + lao[3];
        link.textContent = lao[0];
        item.appendChild(link);
        item.appendChild(document.createTextNode(" อำเภอ" + lao[1] + " จังหวัด" + booklet.name));
        results.appendChild(item);
        found += 1;
      }
    }
    status.textContent = q ? "พบ " + shown + " จังหวัด และ " + found + (found === MAX_LAOS ? "+" : "") + " อปท." : "";
  }
  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); show(); });
  input.addEventListener("input", show);
  fetch("search.json").then(function (r) { return r.json(); }).then(function (data) {
    index = data;
    show();
  });
})();
