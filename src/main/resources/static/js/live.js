// Live parts of the pages, over the WebSocket endpoints of API.md; the pages work without them.
// The browser's session cookie authenticates the sockets. Text from the server is only ever set as
// textContent, never parsed as HTML.
(() => {
  'use strict';

  const socketUrl = path => (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + path;

  /** Opens a socket and reopens it after a drop (not after a 44xx refusal), backing off up to 30 s. */
  function live(path, onMessage, onOpen) {
    let delay = 1000;
    const open = () => {
      const socket = new WebSocket(socketUrl(path));
      socket.onopen = () => { delay = 1000; if (onOpen) onOpen(socket); };
      socket.onmessage = event => {
        let message;
        try { message = JSON.parse(event.data); } catch (e) { return; }
        onMessage(message, socket);
      };
      socket.onclose = event => {
        if (event.code >= 4400 && event.code < 4500) return; // refused: reconnecting will not help
        setTimeout(open, delay);
        delay = Math.min(delay * 2, 30000);
      };
    };
    open();
  }

  function seatsText(a) {
    if (a.seats_left === null || a.seats_left === undefined) return 'Unlimited seats';
    const seats = a.seats_left === 0 ? 'Sold out' : `${a.seats_left} of ${a.capacity} seats left`;
    return a.waitlisted > 0 ? `${seats} · ${a.waitlisted} on the waiting list` : seats;
  }

  // Event page: seats as they change, a banner when the event changes or goes away.
  const article = document.querySelector('article[data-event-id]');
  if (article) {
    const seats = document.getElementById('seats-left');
    const banner = document.getElementById('live-banner');
    const announce = text => { banner.textContent = text; banner.hidden = false; };
    live('/ws/events/' + article.dataset.eventId, message => {
      const data = message.data || {};
      if (message.type === 'availability' && seats) {
        seats.textContent = seatsText(data);
      } else if (message.type === 'event_updated') {
        const changes = data.changes || {};
        if (changes.status && changes.status.new === 'cancelled') {
          announce('This event has just been cancelled.');
        } else {
          const fields = Object.keys(changes).map(f => f.replaceAll('_', ' ')).join(', ');
          announce(`This event was just updated (${fields}). Reload the page to see the changes.`);
        }
      } else if (message.type === 'event_deleted') {
        announce('This event has just been deleted by its organizer.');
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
    let socket = null;
    const shown = new Set();
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
    live('/ws/chat/' + chat.dataset.eventId, message => {
      const data = message.data || {};
      switch (message.type) {
        case 'recent_messages':
          list.replaceChildren();
          shown.clear();
          data.messages.forEach(m => { shown.add(m.id); add(m.username, m.text); });
          break;
        case 'new_message':
          // a message posted while joining can come both in the history and live: shown once
          if (!shown.has(data.id)) { shown.add(data.id); add(data.username, data.text); }
          break;
        case 'user_joined': add('', `${data.username} joined`, 'system'); break;
        case 'user_left': add('', `${data.username} left`, 'system'); break;
        case 'error': problem.textContent = data.message; break;
        default: break;
      }
    }, opened => {
      socket = opened;
      problem.textContent = '';
      opened.send(JSON.stringify({ type: 'join_chat' }));
    });
    form.addEventListener('submit', event => {
      event.preventDefault();
      if (!socket || socket.readyState !== WebSocket.OPEN) {
        problem.textContent = 'Not connected; retrying…';
        return;
      }
      problem.textContent = '';
      socket.send(JSON.stringify({ type: 'send_message', data: { text: input.value } }));
      input.value = '';
    });
    chat.hidden = false;
  }

  // Notification bell: personal notifications as they happen.
  const bell = document.getElementById('bell');
  if (bell) {
    const count = document.getElementById('bell-count');
    const items = document.getElementById('bell-list');
    let unread = 0;
    live('/ws/notifications', message => {
      const data = message.data || {};
      if (!data.message || message.type === 'error') return;
      if (unread === 0) {
        items.replaceChildren();
        const all = document.createElement('li');
        const link = document.createElement('a');
        link.href = '/notifications';
        link.textContent = 'All notifications';
        all.append(link);
        items.append(all);
      }
      unread += 1;
      count.textContent = String(unread);
      count.hidden = false;
      const item = document.createElement('li');
      item.dataset.type = message.type;
      if (data.event_id) {
        const link = document.createElement('a');
        link.href = '/events/' + data.event_id;
        link.textContent = data.message;
        item.append(link);
      } else {
        item.textContent = data.message;
      }
      items.prepend(item);
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
          ? 'This photo is larger than ' + photoInput.dataset.maxSize + '.' : '');
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
