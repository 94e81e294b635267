// Copy buttons for a record page's citation, address and embed code (site/templates/_macros.md.j2,
// record_footer): progressive enhancement. The texts are selectable without JavaScript; where the
// Clipboard API is available, each element marked data-copy gets a button that copies its <code>,
// labelled from its .vt-share container (data-copy-label, data-copied-label: the catalogue's words).
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) return;
  document.querySelectorAll(".vt-share [data-copy]").forEach(function (box) {
    var share = box.closest(".vt-share");
    var code = box.querySelector("code");
    if (!share || !code) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "vt-copy";
    button.textContent = share.dataset.copyLabel;
    var said = document.createElement("span");
    said.className = "vt-copied";
    said.setAttribute("role", "status");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(code.textContent).then(function () {
        said.textContent = share.dataset.copiedLabel;
        setTimeout(function () { said.textContent = ""; }, 3000);
      });
    });
    box.appendChild(button);
    box.appendChild(said);
  });
})();
