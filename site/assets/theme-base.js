// Material for MkDocs' inline head script (partials/javascripts/base.html, 9.8.2), as a file so that
// the Content-Security-Policy allows no inline script (site/overrides/main.html). It defines the
// globals Material's bundle uses to keep state in localStorage, scoped to the site: the scope is
// the site's root, which the template passes in the script element's data-md-scope attribute.
__md_scope = new URL(document.currentScript.dataset.mdScope, location);
__md_hash = (e) => [...e].reduce((e, _) => (e << 5) - e + _.charCodeAt(0), 0);
__md_get = (e, _ = localStorage, t = __md_scope) => JSON.parse(_.getItem(t.pathname + "." + e));
__md_set = (e, _, t = localStorage, a = __md_scope) => {
  try {
    t.setItem(a.pathname + "." + e, JSON.stringify(_));
  } catch (e) {}
};
