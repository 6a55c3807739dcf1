// Live parts of the pages, over the WebSocket endpoints of API.md; the pages work without them.
// The browser's session cookie authenticates the sockets. Text from the server is only ever set as
// textContent, never parsed as HTML.
(() => {
  'use strict';

  const t = (key, ...args) => window.EventFlowText(key, ...args); // locale.js: texts in the page's language
  const socketUrl = path => (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path;

  // Back-off after a drop: the first retry within 0.5–1 s, so a client is back within seconds when another node
  // answers; then a ceiling doubling up to 30 s, the wait drawn anywhere between 0.5 s and it (full jitter), so the
  // thousands of clients of a node that died do not all come back in the same instant, nor in lockstep afterwards.
  const FIRST_CEILING = 1000;
  const MAX_CEILING = 30000;
  const MIN_WAIT = 500;
  // A socket that looks open after the machine slept or changed networks may be dead: a ping must get an answer.
  const PROBE_WAIT = 5000;
  // How long "live again" stays before the status line empties.
  const LIVE_AGAIN_FOR = 5000;
  const wakers = [];

  /**
   * Opens a socket and keeps it open: after a drop it is reopened with back-off (not after a 44xx refusal, where
   * reconnecting would not help), at once when the browser comes back online or the page is shown again.
   * handlers: message(message, socket); open(socket, again) — again: it had been down, so what it missed must be
   * caught up on; down() — it dropped or cannot connect; refused(closeEvent) — closed with a 44xx code for good.
   */
  function live(path, handlers) {
    let socket = null;
    let failures = 0;
    let timer = null;
    let probe = null;
    let down = false;
    let refused = false;

    const lost = () => {
      socket = null;
      clearTimeout(probe);
      probe = null;
      if (!down) {
        down = true;
        if (handlers.down) handlers.down();
      }
    };
    const retryLater = () => {
      const ceiling = Math.min(MAX_CEILING, FIRST_CEILING * 2 ** Math.min(failures, 5));
      failures += 1;
      timer = setTimeout(open, MIN_WAIT + Math.random() * (ceiling - MIN_WAIT));
    };
    const open = () => {
      clearTimeout(timer);
      timer = null;
      const current = new WebSocket(socketUrl(path));
      socket = current;
      current.onopen = () => {
        if (socket !== current) return;
        failures = 0;
        const again = down;
        down = false;
        if (handlers.open) handlers.open(current, again);
      };
      current.onmessage = event => {
        if (socket !== current) return;
        clearTimeout(probe); // anything at all shows the socket is alive
        probe = null;
        let message;
        try { message = JSON.parse(event.data); } catch (e) { return; }
        handlers.message(message, current);
      };
      current.onclose = event => {
        if (socket !== current) return; // one given up on already (see wake)
        if (event.code >= 4400 && event.code < 4500) {
          socket = null;
          refused = true;
          if (handlers.refused) handlers.refused(event);
          return;
        }
        lost();
        retryLater();
      };
    };
    wakers.push(() => {
      if (refused) return;
      if (timer !== null) { // waiting to retry: the network may be back, try now
        failures = 0;
        open();
      } else if (socket && socket.readyState === WebSocket.OPEN && probe === null) {
        const suspect = socket;
        suspect.send(JSON.stringify({ type: 'ping' }));
        probe = setTimeout(() => {
          probe = null;
          if (socket !== suspect) return;
          lost(); // from here its own close event is ignored
          suspect.close();
          open();
        }, PROBE_WAIT);
      }
    });
    open();
  }

  // Keyboard: the skip link leads to the page's <main> (focusable by script only, so a click does not outline it).
  // A page that comes back with a form in error puts focus on the first field in error, whose aria-describedby names
  // the message; a page that says what was just done (a role="status" notice) puts focus there, so the next Tab
  // continues from it rather than from the top of the page.
  const main = document.querySelector('main');
  const skip = document.getElementById('skip-link');
  if (main) {
    if (!main.id) main.id = 'main';
    main.tabIndex = -1;
    if (skip) {
      skip.href = '#' + main.id;
      skip.addEventListener('click', event => { event.preventDefault(); main.focus(); });
    }
    const invalid = main.querySelector('[aria-invalid="true"]');
    const said = main.querySelector('.notice[role="status"]:not([hidden]):not(:empty)');
    if (!location.hash && invalid) {
      invalid.focus();
    } else if (!location.hash && said && !main.querySelector('[autofocus]')) {
      said.tabIndex = -1;
      said.addEventListener('blur', () => said.removeAttribute('tabindex'), { once: true }); // and its ring with it
      said.focus();
    }
  }

  // for the pages' own scripts (dashboard.js), loaded after this one
  window.EventFlowLive = { live, statusLine };

  const wakeAll = () => wakers.forEach(wake => wake());
  window.addEventListener('online', wakeAll);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') wakeAll(); });
  window.addEventListener('pageshow', event => { if (event.persisted) wakeAll(); }); // back from the page cache

  /**
   * A part's connection state in words, in its role="status" element (announced politely; the CSS mark beside the
   * words only adds to them). Empty while all is well; "live again" for a few seconds after a reconnection.
   * prefix: words only screen readers need, for a status line too short to say what it is about.
   * The element's data-connected says whether the socket is open now (for tests and styles; the words are for people).
   */
  function statusLine(element, texts, prefix) {
    let clearing = null;
    const show = (state, text) => {
      clearTimeout(clearing);
      if (state) element.dataset.connected = String(state === 'up');
      element.className = 'live-status' + (state ? ' ' + state : '');
      if (!text) {
        element.replaceChildren();
      } else if (prefix) {
        const hidden = document.createElement('span');
        hidden.className = 'visually-hidden';
        hidden.textContent = prefix;
        element.replaceChildren(hidden, document.createTextNode(text));
      } else {
        element.textContent = text;
      }
    };
    return {
      down: () => show('down', texts.down),
      up: () => {
        show('up', texts.up);
        clearing = setTimeout(() => show('', ''), LIVE_AGAIN_FOR);
      },
      refused: text => show('refused', text || texts.refused),
      connected: () => { element.dataset.connected = 'true'; }
    };
  }

  function seatsText(a) {
    if (a.seats_left === null || a.seats_left === undefined) return t('seats.unlimited');
    const seats = a.seats_left === 0 ? t('seats.sold-out') : t('seats.left', a.seats_left, a.capacity);
    return a.waitlisted > 0 ? `${seats} · ${t('seats.waitlisted', a.waitlisted)}` : seats;
  }

  // Event cards (home, search results): their seats as they change, over one /ws/events connection that watches the
  // events shown (at most 50, the server's cap); cards htmx swaps in are watched instead of the old ones.
  const cardsStatusLine = document.getElementById('cards-status');
  if (cardsStatusLine) {
    const texts = cardsStatusLine.dataset;
    const status = statusLine(cardsStatusLine, { down: texts.down, up: texts.up, refused: texts.refused }, texts.prefix);
    let socket = null;
    const shownIds = () => [...new Set([...document.querySelectorAll('article.event-card[data-event-id]')]
        .map(card => card.dataset.eventId))].slice(0, 50);
    const watch = () => {
      if (socket && socket.readyState === WebSocket.OPEN) {
        socket.send(JSON.stringify({ type: 'watch', data: { event_ids: shownIds() } }));
      }
    };
    live('/ws/events', {
      message: message => {
        const data = message.data || {};
        if (message.type !== 'availability') return;
        document.querySelectorAll('article.event-card[data-event-id]').forEach(card => {
          if (card.dataset.eventId !== String(data.event_id)) return;
          const seats = card.querySelector('.seats');
          if (seats) seats.textContent = seatsText(data);
          card.classList.toggle('full', data.seats_left === 0);
          card.classList.toggle('waiting-list', data.waitlisted > 0);
        });
      },
      open: (opened, again) => {
        socket = opened;
        watch(); // and a fresh availability of each card comes with it
        if (again) status.up(); else status.connected();
      },
      down: () => { socket = null; status.down(); },
      refused: () => { socket = null; status.refused(); }
    });
    document.addEventListener('htmx:afterSettle', watch);
  }

  // Event page: seats as they change, a banner when the event changes or goes away.
  const article = document.querySelector('article[data-event-id]');
  if (article) {
    const eventId = article.dataset.eventId;
    const seats = document.getElementById('seats-left');
    const banner = document.getElementById('live-banner');
    const status = statusLine(document.getElementById('live-status'), {
      down: t('live.down'),
      up: t('live.up.seats'),
      refused: t('live.refused')
    });
    let version = Number(article.dataset.version);
    let cancelled = article.dataset.cancelled === 'true';
    const announce = text => { banner.textContent = text; banner.hidden = false; };
    const gone = () => announce(t('event.deleted'));
    // a fresh availability comes with every (re)connection; changes to the event itself are read over REST
    const catchUp = () => {
      fetch('/api/v1/events/' + encodeURIComponent(eventId), { headers: { Accept: 'application/json' }, cache: 'no-store' })
        .then(response => {
          if (response.status === 404) { gone(); return null; }
          return response.ok ? response.json() : null;
        })
        .then(event => {
          if (!event) return;
          if (event.status === 'cancelled' && !cancelled) {
            cancelled = true;
            announce(t('event.cancelled'));
          } else if (Number(event.version) > version) {
            announce(t('event.changed'));
          }
          version = Math.max(version, Number(event.version));
        })
        .catch(() => { /* the page stays as it is; the next reconnection tries again */ });
    };
    live('/ws/events/' + eventId, {
      message: message => {
        const data = message.data || {};
        if (message.type === 'availability' && seats) {
          seats.textContent = seatsText(data);
        } else if (message.type === 'event_updated') {
          if (data.event && data.event.version !== undefined) version = Math.max(version, Number(data.event.version));
          const changes = data.changes || {};
          if (changes.status && changes.status.new === 'cancelled') {
            cancelled = true;
            announce(t('event.just-cancelled'));
          } else {
            const fields = Object.keys(changes).map(f => f.replaceAll('_', ' ')).join(', ');
            announce(`This event was just updated (${fields}). Reload the page to see the changes.`);
          }
        } else if (message.type === 'event_deleted') {
          gone();
        }
      },
      open: (socket, again) => {
        if (!again) { status.connected(); return; }
        status.up();
        catchUp();
      },
      down: status.down,
      refused: event => {
        if (event.code === 4404) gone(); // deleted while the socket was down
        status.refused();
      }
    });
  }

  // Chat panel, for the organizer and attendees with a seat.
  const chat = document.getElementById('chat');
  if (chat) {
    const list = document.getElementById('chat-messages');
    const form = document.getElementById('chat-form');
    const input = document.getElementById('chat-text');
    const problem = document.getElementById('chat-error');
    const status = statusLine(document.getElementById('chat-status'), {
      down: t('chat.down'),
      up: t('chat.up'),
      refused: t('chat.refused')
    });
    const notConnected = t('chat.not-sent');
    let socket = null;
    let closedForGood = false;
    const shown = new Set();
    let lastId = null; // the newest message shown: ids are time-ordered, and so is their text
    const add = (who, text, kind) => {
      const item = document.createElement('li');
      if (kind) item.className = kind;
      if (who) {
        const name = document.createElement('strong');
        name.textContent = who;
        item.append(name, document.createTextNode(' '));
      }
      item.append(document.createTextNode(text));
      list.append(item);
      list.scrollTop = list.scrollHeight;
    };
    const addMessage = m => {
      // a message posted while joining can come both in the history and live: shown once
      if (shown.has(m.id)) return;
      shown.add(m.id);
      if (lastId === null || m.id > lastId) lastId = m.id;
      add(m.username, m.text);
    };
    live('/ws/chat/' + chat.dataset.eventId, {
      message: message => {
        const data = message.data || {};
        switch (message.type) {
          case 'recent_messages':
            if (!data.after) { // the whole recent history, not the continuation of what is shown
              list.replaceChildren();
              shown.clear();
              lastId = null;
            }
            (data.messages || []).forEach(addMessage);
            break;
          case 'new_message': addMessage(data); break;
          case 'user_joined': add('', `${data.username} joined`, 'system'); break;
          case 'user_left': add('', `${data.username} left`, 'system'); break;
          case 'error': problem.textContent = data.message; break;
          default: break;
        }
      },
      open: (opened, again) => {
        socket = opened;
        if (problem.textContent === notConnected) problem.textContent = '';
        // back after a drop: only what came after the last message shown (the server falls back to the history)
        opened.send(JSON.stringify({ type: 'join_chat', data: lastId ? { after: lastId } : {} }));
        if (again) status.up(); else status.connected();
      },
      down: () => { socket = null; status.down(); },
      refused: () => { socket = null; closedForGood = true; status.refused(); }
    });
    form.addEventListener('submit', event => {
      event.preventDefault();
      if (!socket || socket.readyState !== WebSocket.OPEN) {
        problem.textContent = closedForGood ? t('chat.closed') : notConnected;
        return;
      }
      problem.textContent = '';
      socket.send(JSON.stringify({ type: 'send_message', data: { text: input.value } }));
      input.value = '';
    });
    chat.hidden = false;
  }

  // The reader's booking box on the event page, read again from the server (htmx) when its state changed elsewhere:
  // a seat offered (then the Accept and Decline buttons come with it), a promotion, an expired offer.
  const refreshBookingBox = () => {
    const box = document.getElementById('booking-box');
    if (!box || !window.htmx) return;
    const hadFocus = box.contains(document.activeElement);
    window.htmx.ajax('GET', location.pathname, { target: '#booking-box', select: '#booking-box', swap: 'outerHTML' })
      .then(() => {
        // focus was on a button that is gone: keep it in the box rather than lose it to the page's start
        const fresh = document.getElementById('booking-box');
        if (hadFocus && fresh && !fresh.contains(document.activeElement)) {
          const target = fresh.querySelector('button, a[href]') || fresh;
          if (target === fresh) fresh.tabIndex = -1;
          target.focus();
        }
      });
  };

  // A seat offered to the reader on the event page they are looking at: the banner says so and leads to the accept and
  // decline buttons, which come into the booking box without a reload.
  const offerArrived = (type, data) => {
    const page = document.querySelector('article[data-event-id]');
    const banner = document.getElementById('live-banner');
    if (type !== 'booking_offered' || !page || !banner || page.dataset.eventId !== String(data.event_id)) return;
    const link = document.createElement('a');
    link.href = '#offer';
    link.textContent = banner.dataset.offerLink || '';
    banner.replaceChildren(document.createTextNode((data.message || t('offer.waiting')) + ' '), link);
    banner.hidden = false;
    refreshBookingBox();
  };

  // The reader's place on a waiting list (waitlist_position on /ws/notifications): the event page and My bookings
  // show it as it moves; when the booking left the list (offered, confirmed, cancelled) the event page reads its
  // booking box again.
  const placeMoved = data => {
    const page = document.querySelector('article[data-event-id]');
    if (page && page.dataset.eventId === String(data.event_id)) {
      const position = document.getElementById('waitlist-position');
      if (data.position && position) {
        position.textContent = String(data.position);
      } else {
        refreshBookingBox();
      }
    }
    document.querySelectorAll('.waitlist-position[data-booking-id]').forEach(position => {
      if (position.dataset.bookingId === String(data.booking_id) && data.position) {
        position.textContent = String(data.position);
      }
    });
  };

  // Notification bell: personal notifications that come while the page is open.
  const bell = document.getElementById('bell');
  if (bell) {
    const count = document.getElementById('bell-count');
    const items = document.getElementById('bell-list');
    const status = statusLine(document.getElementById('bell-status'), {
      down: t('bell.down'),
      up: t('bell.up'),
      refused: t('bell.refused')
    }, t('bell.prefix'));
    const since = Date.parse(bell.dataset.since || '') || Date.now(); // when the page was made
    const seen = new Set();
    let unread = 0;
    const ring = (type, data) => {
      const id = data.notification_id || data.id;
      if (id) {
        if (seen.has(id)) return; // pushed and also caught up on
        seen.add(id);
      }
      if (unread === 0) {
        items.replaceChildren();
        const all = document.createElement('li');
        const link = document.createElement('a');
        link.href = '/notifications';
        link.textContent = t('bell.all');
        all.append(link);
        items.append(all);
      }
      offerArrived(type, data);
      unread += 1;
      count.textContent = String(unread);
      count.hidden = false;
      const item = document.createElement('li');
      item.dataset.type = type;
      if (data.event_id) {
        const link = document.createElement('a');
        link.href = '/events/' + data.event_id;
        link.textContent = data.message;
        item.append(link);
      } else {
        item.textContent = data.message;
      }
      items.prepend(item);
    };
    // pushes are at most once: after a drop, the unread ones made since the page was are read back
    const catchUp = () => {
      fetch('/notifications/latest', { headers: { Accept: 'application/json' }, cache: 'no-store', redirect: 'error' })
        .then(response => (response.ok ? response.json() : null))
        .then(body => {
          if (!body || !Array.isArray(body.items)) return;
          body.items
            .filter(n => !n.read && n.message && Date.parse(n.created_at) >= since)
            .reverse() // oldest first, so the newest ends on top
            .forEach(n => ring(n.type, n));
        })
        .catch(() => { /* signed out, or the network again: the notification centre has them all */ });
    };
    live('/ws/notifications', {
      message: message => {
        const data = message.data || {};
        if (message.type === 'dashboard_changed') { // for the dashboard across events (dashboard.js), not the bell
          document.dispatchEvent(new CustomEvent('eventflow:dashboard-changed', { detail: data }));
          return;
        }
        if (message.type === 'waitlist_position') { // not a notification: the place shown on the page
          placeMoved(data);
          return;
        }
        if (!data.message || message.type === 'error') return;
        ring(message.type, data);
      },
      open: (socket, again) => {
        if (!again) { status.connected(); return; }
        status.up();
        catchUp();
        if (document.getElementById('waitlist-position')) refreshBookingBox(); // places may have moved meanwhile
        // signals may have been missed meanwhile: the dashboard across events reads its figures again
        document.dispatchEvent(new CustomEvent('eventflow:dashboard-changed', { detail: {} }));
      },
      down: status.down,
      refused: () => status.refused()
    });
    bell.addEventListener('toggle', () => { if (bell.open) { unread = 0; count.hidden = true; } });
  }

  // A photo over the limit is refused before it is sent: the server would answer 413 only after receiving it all,
  // and past the multipart limit the browser may see the connection closed instead of the message.
  const photoInput = document.getElementById('photo-file');
  if (photoInput && photoInput.dataset.maxBytes) {
    const limit = Number(photoInput.dataset.maxBytes);
    const check = () => {
      const file = photoInput.files && photoInput.files[0];
      photoInput.setCustomValidity(file && file.size > limit
          ? t('photo.too-large', photoInput.dataset.maxSize) : '');
    };
    photoInput.addEventListener('change', check);
    photoInput.form.addEventListener('submit', (e) => {
      check();
      if (!photoInput.checkValidity()) {
        e.preventDefault();
        photoInput.reportValidity();
      }
    });
  }
})();
