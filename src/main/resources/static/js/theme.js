/*
 * The colour theme chosen in the header (light, dark, or the system's), remembered per browser in localStorage.
 * Loaded without defer at the top of <head> (the policy allows no inline script), so the page's first paint already
 * has the chosen theme: no flash of the other one. Without JavaScript, or with "system", Pico follows the system's
 * setting (prefers-color-scheme); the choice is hidden then, as it could not be kept.
 */
(function () {
  'use strict';
  var KEY = 'eventflow.theme';
  var root = document.documentElement;

  function stored() {
    try {
      var choice = localStorage.getItem(KEY);
      return choice === 'light' || choice === 'dark' ? choice : 'system';
    } catch (e) { // storage switched off: the system's theme
      return 'system';
    }
  }

  function apply(choice) {
    if (choice === 'system') {
      root.removeAttribute('data-theme');
    } else {
      root.setAttribute('data-theme', choice);
    }
  }

  function keep(choice) {
    try {
      if (choice === 'system') {
        localStorage.removeItem(KEY);
      } else {
        localStorage.setItem(KEY, choice);
      }
    } catch (e) { /* not kept, still applied to this page */ }
  }

  apply(stored());

  document.addEventListener('DOMContentLoaded', function () {
    var select = document.getElementById('theme-choice');
    if (!select) {
      return;
    }
    select.value = stored();
    var item = select.closest('.theme-choice'); // hidden without script: a choice that could not be kept
    if (item) {
      item.hidden = false;
    }
    select.addEventListener('change', function () {
      keep(select.value);
      apply(select.value);
    });
  });

  // chosen in another tab: this one follows
  window.addEventListener('storage', function (event) {
    if (event.key === KEY || event.key === null) {
      var choice = stored();
      apply(choice);
      var select = document.getElementById('theme-choice');
      if (select) {
        select.value = choice;
      }
    }
  });
})();
