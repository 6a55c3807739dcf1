// The maps of the event and search pages (Leaflet from a WebJar), the search's "near me", and distances in the
// reader's language. Texts come from the page (data-* attributes, from the message bundles) and are only ever set as
// text. Without this script, or without tiles, the pages stay whole: the place is written out, the results are a list.
(() => {
  'use strict';

  const lang = document.documentElement.lang || undefined;
  const kilometres = new Intl.NumberFormat(lang, { style: 'unit', unit: 'kilometer', maximumFractionDigits: 1 });
  const metres = new Intl.NumberFormat(lang, { style: 'unit', unit: 'meter', maximumFractionDigits: 0 });

  /** "2.4 km away" in the page's language; under a kilometre in metres, to ten. */
  function formatDistances(root) {
    root.querySelectorAll('.distance[data-km]').forEach((el) => {
      const km = parseFloat(el.dataset.km);
      const text = km < 1 ? metres.format(Math.round(km * 100) * 10) : kilometres.format(km);
      el.textContent = el.dataset.template.replace('{0}', text);
    });
  }

  /** Says the map is unavailable when Leaflet is missing, or when not one tile loads (all failed, or none in 10 s). */
  function unavailable(el) {
    el.dataset.tileState = 'unavailable';
    el.parentElement.querySelector('.map-unavailable').hidden = false;
  }

  function baseMap(el) {
    if (typeof L === 'undefined') {
      unavailable(el);
      return null;
    }
    // the wheel scrolls the page, not the map; the map keeps Leaflet's keyboard handling (arrows, +/-) and Tab leaves it
    const map = L.map(el, { scrollWheelZoom: false });
    const tiles = L.tileLayer(el.dataset.tiles, {
      maxZoom: parseInt(el.dataset.maxZoom, 10) || 19,
      attribution: el.dataset.attribution, // from the settings (HTML by design: a link to the licence)
    });
    let loaded = 0;
    tiles.on('tileload', () => {
      loaded += 1;
      el.dataset.tileState = 'loaded';
      el.parentElement.querySelector('.map-unavailable').hidden = true;
    });
    tiles.on('tileerror', () => { if (loaded === 0) unavailable(el); });
    setTimeout(() => { if (loaded === 0) unavailable(el); }, 10000);
    tiles.addTo(map);
    return map;
  }

  function eventMap(el) {
    const at = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    const map = baseMap(el);
    if (map === null) return;
    map.setView(at, Math.min(15, parseInt(el.dataset.maxZoom, 10) || 19));
    L.marker(at, { title: el.dataset.title, alt: el.dataset.title }).addTo(map);
  }

  function cardOf(href) {
    const link = document.querySelector('#results .event-card a[href="' + href + '"]');
    return link === null ? null : link.closest('.event-card');
  }

  /** A marker's popup: the card's essentials and its link. */
  function popup(point) {
    const box = document.createElement('div');
    const title = document.createElement('strong');
    const link = document.createElement('a');
    link.href = point.dataset.href;
    link.textContent = point.dataset.title;
    title.append(link);
    box.append(title);
    const card = cardOf(point.dataset.href);
    const distance = card === null ? null : card.querySelector('.distance');
    [point.dataset.when, point.dataset.where, distance === null ? null : distance.textContent].forEach((text) => {
      if (text) {
        const line = document.createElement('p');
        line.textContent = text;
        box.append(line);
      }
    });
    return box;
  }

  function select(point) {
    document.querySelectorAll('.event-card.map-selected').forEach((card) => card.classList.remove('map-selected'));
    const card = cardOf(point.dataset.href);
    if (card !== null) card.classList.add('map-selected');
  }

  /** Markers for the results on the page, redrawn when htmx replaces the results (the map itself stays). */
  function searchMap(el) {
    const map = baseMap(el);
    if (map === null) return;
    map.setView([20, 0], 1);
    const markers = L.featureGroup().addTo(map);
    const empty = el.parentElement.querySelector('.map-empty');
    const show = () => {
      markers.clearLayers();
      const points = Array.from(document.querySelectorAll('#map-points li'));
      points.forEach((point) => {
        const marker = L.marker([parseFloat(point.dataset.lat), parseFloat(point.dataset.lon)],
          { title: point.dataset.title, alt: point.dataset.title });
        marker.bindPopup(() => popup(point));
        marker.on('popupopen', () => select(point)); // a click, or Enter on the focused marker
        markers.addLayer(marker);
      });
      if (points.length > 0) map.fitBounds(markers.getBounds(), { maxZoom: 14, padding: [24, 24] });
      empty.textContent = el.dataset.none;
      empty.hidden = points.length > 0;
      el.dataset.markers = String(points.length);
    };
    show();
    document.body.addEventListener('htmx:afterSettle', show);
  }

  /** "Events near me": the browser's position as near=lat,lon; refused or unknown, the typed place is the way. */
  function nearMe() {
    const button = document.getElementById('near-me');
    if (button === null) return;
    const form = button.form;
    const near = document.getElementById('near');
    const place = document.getElementById('near-place');
    const status = document.getElementById('near-status');
    const byDistance = () => {
      const option = form.querySelector('option[value="distance"]');
      if (option !== null) {
        option.disabled = false;
        option.selected = true;
      }
    };
    // a typed place replaces the position (the server looks it up); an emptied one searches everywhere again
    place.addEventListener('input', () => {
      near.value = '';
      if (place.value.trim() !== '') byDistance();
    });
    if (!('geolocation' in navigator)) return; // the button stays hidden
    button.hidden = false;
    button.addEventListener('click', () => {
      status.textContent = button.dataset.locating;
      navigator.geolocation.getCurrentPosition((position) => {
        near.value = position.coords.latitude.toFixed(5) + ',' + position.coords.longitude.toFixed(5);
        place.value = '';
        status.textContent = '';
        byDistance();
        form.requestSubmit();
      }, (error) => {
        status.textContent = error.code === error.PERMISSION_DENIED ? button.dataset.denied : button.dataset.unavailable;
        place.focus();
      }, { timeout: 10000, maximumAge: 60000 });
    });
  }

  formatDistances(document);
  document.body.addEventListener('htmx:afterSettle', () => formatDistances(document));
  const eventMapElement = document.getElementById('event-map');
  if (eventMapElement !== null) eventMap(eventMapElement);
  const searchMapElement = document.getElementById('search-map');
  if (searchMapElement !== null) searchMap(searchMapElement);
  nearMe();
})();
