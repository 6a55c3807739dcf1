/*
 * Disclosures that are shown open on a wide screen (the header's menu from 1024px, the search filters from 768px:
 * data-open-from) by the stylesheet alone are opened there, so that what reads the page — assistive technology,
 * a browser's find, test drivers — does not take their content for hidden. Narrowed to below the width, they close
 * again; a phone's reader opens them by hand.
 */
(function () {
  'use strict';
  document.querySelectorAll('details[data-open-from]').forEach(function (details) {
    var wide = window.matchMedia('(min-width: ' + details.dataset.openFrom + ')');
    if (wide.matches) {
      details.open = true;
    }
    wide.addEventListener('change', function () {
      details.open = wide.matches;
    });
  });
})();
