// The organizer's dashboards: charts (uPlot, from WebJars) and figures kept current. The server pushes only a
// dashboard_changed signal, on the event's socket for one event's page and on the organizer's notification socket
// (live.js's bell) for the page across events; the figures are then read once from the page's JSON, never polled.
// Text from the server is only ever set as textContent.
(() => {
  'use strict';

  const t = (key, ...args) => window.EventFlowText(key, ...args); // locale.js: texts in the page's language

  const json = url => fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store', redirect: 'error' })
    .then(response => (response.ok ? response.json() : null));

  // At most one read in flight; signals during it ask for exactly one more read afterwards.
  function refresher(read) {
    let running = false;
    let again = false;
    const run = () => {
      if (running) { again = true; return; }
      running = true;
      read().catch(() => { /* the next signal or reconnection reads again */ }).finally(() => {
        running = false;
        if (again) { again = false; run(); }
      });
    };
    return run;
  }

  const setText = (id, value) => {
    const element = document.getElementById(id);
    if (element) element.textContent = String(value);
  };

  // One event's page.
  const page = document.getElementById('dashboard');
  if (page && page.dataset.eventId) {
    const eventId = page.dataset.eventId;
    const bucket = page.dataset.bucket || 'auto';
    const figuresUrl = '/events/' + encodeURIComponent(eventId) + '/dashboard/figures?bucket=' + encodeURIComponent(bucket);
    const charts = {};
    const seconds = iso => Date.parse(iso) / 1000;

    const chartWidth = element => Math.max(240, element.clientWidth || element.parentElement.clientWidth);
    const draw = (name, element, options, data) => {
      if (!window.uPlot || !element) return;
      if (charts[name]) {
        charts[name].setData(data);
        return;
      }
      element.replaceChildren();
      charts[name] = new window.uPlot(Object.assign({ width: chartWidth(element), height: 220 }, options), data, element);
    };
    window.addEventListener('resize', () => {
      Object.entries(charts).forEach(([name, chart]) => {
        const element = document.getElementById(name + '-chart');
        if (element) chart.setSize({ width: chartWidth(element), height: 220 });
      });
    });

    // x ranges from the data itself (uPlot stretches a single time value over years): a bucket either side of the
    // bookings, and the event's own time (from when arrivals open) for the check-ins, so their lines grow across
    // the chart as people come
    let bookingPad = 3600;
    let eventWindow = null;
    const bookingRange = u => {
      const xs = u.data[0];
      const now = Date.now() / 1000;
      return xs.length === 0 ? [now - bookingPad, now + bookingPad] : [xs[0] - bookingPad, xs[xs.length - 1] + bookingPad];
    };
    const checkInRange = u => {
      const xs = u.data[0];
      const [from, to] = eventWindow;
      return xs.length === 0 ? [from, to] : [Math.min(from, xs[0]), Math.max(to, xs[xs.length - 1])];
    };

    // colours from the page's theme (eventflow.css), so axes and lines stay readable in the dark theme too
    const colour = name => getComputedStyle(page).getPropertyValue(name).trim();
    const axis = () => ({ stroke: colour('--pico-color'), grid: { stroke: colour('--pico-muted-border-color'), width: 1 },
      ticks: { stroke: colour('--pico-muted-border-color'), width: 1 } });
    const translucent = name => colour(name) + '40'; // #rrggbb with a quarter of opacity

    const bars = window.uPlot && window.uPlot.paths && window.uPlot.paths.bars ? window.uPlot.paths.bars({ size: [0.6, 40] }) : undefined;

    const show = d => {
      page.dataset.generatedAt = d.generated_at;
      setText('seats-taken', d.seats_taken);
      setText('waitlisted', d.waitlisted);
      setText('offered', d.offered);
      const offeredLine = document.getElementById('offered-line');
      if (offeredLine) offeredLine.classList.toggle('hidden-when-zero', !d.offered);
      setText('cancelled', d.cancelled);
      setText('rsvps', d.rsvp_count);
      setText('photos', d.photos);
      const seats = document.getElementById('seats-progress');
      if (seats && d.capacity) { seats.max = d.capacity; seats.value = d.seats_taken; }
      const c = d.check_ins;
      setText('present', c.present);
      setText('expected', c.expected);
      setText('by-ticket', c.by_ticket);
      setText('by-arrival', c.by_arrival);
      const progress = document.getElementById('check-in-progress');
      if (progress) { progress.max = Math.max(1, c.expected); progress.value = c.present; }

      bookingPad = d.bookings_over_time.bucket_seconds;
      eventWindow = [seconds(d.start_time) - 3600, seconds(d.end_time)];
      const b = d.bookings_over_time.points;
      draw('bookings', document.getElementById('bookings-chart'), {
        series: [{}, { label: t('chart.made'), stroke: colour('--ef-chart-1'), fill: translucent('--ef-chart-1'), paths: bars },
          { label: t('chart.cancelled'), stroke: colour('--ef-chart-2'), fill: translucent('--ef-chart-2'), paths: bars },
          { label: t('chart.total'), stroke: colour('--ef-chart-3'), width: 2 }],
        axes: [axis(), axis()],
        scales: { x: { time: true, range: bookingRange } }
      }, [b.map(p => seconds(p.start)), b.map(p => p.booked), b.map(p => p.cancelled), b.map(p => p.total)]);

      // check-ins add up over the event: the chart shows how many came by each way so far
      const points = d.check_ins_over_time.points;
      let ticket = 0;
      let arrival = 0;
      const times = points.map(p => seconds(p.start));
      const ticketSoFar = points.map(p => (ticket += p.ticket));
      const arrivalSoFar = points.map(p => (arrival += p.arrival));
      if (times.length > 0 && times[0] > eventWindow[0]) { // nobody yet when arrivals open: the lines start at 0
        times.unshift(eventWindow[0]);
        ticketSoFar.unshift(0);
        arrivalSoFar.unshift(0);
      }
      draw('check-ins', document.getElementById('check-ins-chart'), {
        series: [{}, { label: t('chart.ticket'), stroke: colour('--ef-chart-1'), width: 2 },
          { label: t('chart.arrival'), stroke: colour('--ef-chart-4'), width: 2 }],
        axes: [axis(), axis()],
        scales: { x: { time: true, range: checkInRange } }
      }, [times, ticketSoFar, arrivalSoFar]);
      page.dataset.charted = 'true';
    };

    const refresh = refresher(() => json(figuresUrl).then(d => { if (d) show(d); }));
    refresh();
    const status = window.EventFlowLive.statusLine(document.getElementById('dashboard-status'), {
      down: t('live.down'),
      up: t('live.up.figures'),
      refused: t('live.refused')
    });
    window.EventFlowLive.live('/ws/events/' + eventId, {
      message: message => { if (message.type === 'dashboard_changed') refresh(); },
      open: (socket, again) => {
        if (!again) return;
        status.up();
        refresh(); // signals may have been missed while the socket was down
      },
      down: status.down,
      refused: () => status.refused()
    });
  }

  // The page across the organizer's events: the rows of the page shown are updated in place.
  const overview = document.getElementById('dashboard-overview');
  if (overview) {
    const url = '/dashboard/figures?page=' + encodeURIComponent(overview.dataset.page || '0');
    const refresh = refresher(() => json(url).then(body => {
      if (!body || !Array.isArray(body.items)) return;
      body.items.forEach(e => {
        const row = overview.querySelector('tr[data-event-id="' + CSS.escape(e.event_id) + '"]');
        if (!row) return;
        const cell = field => row.querySelector('[data-field="' + field + '"]');
        cell('seats').textContent = e.capacity === null ? String(e.seats_taken) : t('dashboard.seats-of', e.seats_taken, e.capacity);
        cell('waitlisted').textContent = String(e.waitlisted);
        cell('present').textContent = String(e.present);
        cell('progress').max = Math.max(1, e.seats_taken - e.offered); // checked in counts confirmed seats only
        cell('progress').value = e.present;
        cell('photos').textContent = String(e.photos);
      });
    }));
    document.addEventListener('eventflow:dashboard-changed', event => {
      const id = event.detail && event.detail.event_id;
      if (!id || overview.querySelector('tr[data-event-id="' + CSS.escape(id) + '"]')) refresh();
    });
  }
})();
