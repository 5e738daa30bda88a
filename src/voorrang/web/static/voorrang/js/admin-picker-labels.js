// Django's two-box picker (filter_horizontal) draws a search icon as a <span> with an
// aria-label, which ARIA does not allow on an element without a role (axe:
// aria-prohibited-attr). The picker is drawn when the page has loaded; right after that, each
// icon is given the role of an image, so that its label is read as the image's name.
"use strict";
window.addEventListener("load", function () {
  window.setTimeout(function () {
    document
      .querySelectorAll(".selector .help-tooltip[aria-label]:not([role])")
      .forEach(function (icon) {
        icon.setAttribute("role", "img");
      });
  }, 0);
});
