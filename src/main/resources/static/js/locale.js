// The page's language for scripts: texts from the layout's <meta name="ui-texts"> JSON (the js.*
// keys of messages/web*.properties, in the page's language), numbers and dates with Intl in <html lang>, and event
// times also in the reader's own time zone when it differs from the event's.
(() => {
  'use strict';

  let texts = null;
  const lang = () => document.documentElement.lang || 'en';

  // A text by its key (without "js."), its {0}, {1}, ... replaced by the arguments (numbers the locale's way).
  window.EventFlowText = (key, ...args) => {
    if (texts === null) {
      const source = document.querySelector('meta[name="ui-texts"]');
      try { texts = source ? JSON.parse(source.content) : {}; } catch (e) { texts = {}; }
    }
    const text = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    return text.replace(/\{(\d+)\}/g, (whole, i) => {
      const value = args[Number(i)];
      if (value === undefined) return whole;
      return typeof value === 'number' ? new Intl.NumberFormat(lang()).format(value) : String(value);
    });
  };

  // A date and time the locale's way, in a time zone ("Sun 6 Dec 2026, 18:00" / "יום א׳, 6 בדצמ׳ 2026, 18:00").
  window.EventFlowDateTime = (date, timeZone) => new Intl.DateTimeFormat(lang(), {
    weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
    hourCycle: 'h23', timeZone
  }).format(date);

  // Event times are printed in the event's zone (data-zone); a reader elsewhere also sees the time in their zone.
  const viewerZone = (() => {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return undefined; }
  })();
  const sameClock = (date, zoneA, zoneB) => {
    const at = zone => new Intl.DateTimeFormat('en', { timeZone: zone, hour12: false, year: 'numeric', month: 'numeric',
      day: 'numeric', hour: 'numeric', minute: 'numeric' }).format(date);
    return at(zoneA) === at(zoneB);
  };
  const addViewerTimes = () => {
    if (!viewerZone) return;
    document.querySelectorAll('time[data-zone]').forEach(time => {
      const date = new Date(time.getAttribute('datetime'));
      const zone = time.dataset.zone;
      if (Number.isNaN(date.getTime()) || !zone || time.dataset.viewerTime || sameClock(date, zone, viewerZone)) return;
      time.dataset.viewerTime = 'shown';
      const yours = document.createElement('small');
      yours.className = 'viewer-time';
      yours.textContent = ' — ' + window.EventFlowText('time.yours', window.EventFlowDateTime(date, viewerZone), viewerZone);
      // after what the line says (its zone included): "18:00 – 23:00 (Europe/Berlin) — 17:00 your time (UTC)"
      const line = time.closest('p, li, td');
      if (line) line.append(yours); else time.after(yours);
    });
  };
  document.addEventListener('DOMContentLoaded', addViewerTimes);
  // search results are swapped in by htmx
  document.addEventListener('htmx:afterSettle', addViewerTimes);
})();
