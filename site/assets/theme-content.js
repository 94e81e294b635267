// Material for MkDocs' inline scripts after the page's content (partials/javascripts/content.html,
// 9.8.2), as a file so that the Content-Security-Policy allows no inline script
// (site/overrides/main.html). The target of the address's #fragment, if it is a content tab, is
// selected; with the theme feature content.tabs.link (data-tabs-link on the script element), the
// tabs last chosen (kept by Material's bundle under __tabs) are selected first.
(function () {
  "use strict";
  if (document.currentScript.dataset.tabsLink !== undefined) {
    var tabs = __md_get("__tabs");
    if (Array.isArray(tabs))
      e: for (var set of document.querySelectorAll(".tabbed-set")) {
        var labels = set.querySelector(".tabbed-labels");
        for (var tab of tabs)
          for (var label of labels.getElementsByTagName("label"))
            if (label.innerText.trim() === tab) {
              var input = document.getElementById(label.htmlFor);
              input.checked = !0;
              continue e;
            }
      }
  }
  var target = document.getElementById(location.hash.slice(1));
  target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
})();
