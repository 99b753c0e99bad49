// Pushed streams (EventSource) of the range's pages: shared by every tab of the range and given
// back when their page is left. Over HTTP/1.1 a browser keeps at most six connections to one
// host, and each stream holds one for as long as it is open. Left pages kept in the browser's
// back-forward cache with their streams open, or a few tabs (a team member's challenge page
// follows three streams), took all six: every later request of the range then waited for a
// connection that never freed (seen in Chromium: a defense check that never left the browser).
// So one shared worker (stream-worker.js) holds one EventSource per stream for all tabs and
// passes its events on; a page that is hidden gives its shares back, and a page shown again from
// the back-forward cache loads anew (what it shows is read fresh, its streams open again).
// Browsers without shared workers open each stream in the page.
//
// Streams are per person (the lab stream says whose labs changed): the worker keys them by the
// person the page was rendered for, so on a shared computer a tab of whoever signed in next never
// receives the events of a stream the previous person opened.

const viewer = document.body.dataset.viewer ?? '';
const mine = new Map();
// Share ids are unique among all tabs (crypto.randomUUID needs a secure context: not on plain
// HTTP off localhost).
const shareId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
let worker = null;
if (typeof SharedWorker === 'function') {
  try {
    worker = new SharedWorker('/assets/stream-worker.js', { name: 'b2c-streams' });
    worker.port.onmessage = (message) => mine.get(message.data.id)?.deliver(message.data);
    worker.port.start();
  } catch (error) {
    console.warn('streams open in this page:', error);
    worker = null;
  }
}

addEventListener('pagehide', () => {
  mine.forEach((share) => share.close());
  mine.clear();
});
addEventListener('pageshow', (event) => {
  if (event.persisted) {
    location.reload();
  }
});

/** A page's share of a stream in the worker: what the page needs of an EventSource. */
class SharedStream extends EventTarget {
  constructor(url) {
    super();
    this.id = shareId();
    this.readyState = EventSource.CONNECTING;
    this.onmessage = null;
    this.onopen = null;
    this.onerror = null;
    this.types = new Set();
    // The worker learns the event types once the page has added its listeners (same task).
    this.asked = false;
    queueMicrotask(() => {
      this.asked = true;
      worker.port.postMessage({ op: 'open', id: this.id, url, viewer, types: [...this.types] });
    });
  }

  addEventListener(type, listener, options) {
    super.addEventListener(type, listener, options);
    if (!['open', 'error', 'message'].includes(type) && !this.types.has(type)) {
      this.types.add(type);
      if (this.asked) {
        worker.port.postMessage({ op: 'listen', id: this.id, type });
      }
    }
  }

  close() {
    if (this.readyState !== EventSource.CLOSED) {
      this.readyState = EventSource.CLOSED;
      worker.port.postMessage({ op: 'close', id: this.id });
    }
    mine.delete(this.id);
  }

  deliver({ type, data, lastEventId, readyState }) {
    if (this.readyState === EventSource.CLOSED) {
      return;
    }
    this.readyState = readyState;
    if (readyState === EventSource.CLOSED) {
      mine.delete(this.id);
    }
    const event = type === 'open' || type === 'error' ? new Event(type)
      : new MessageEvent(type, { data, lastEventId });
    this.dispatchEvent(event);
    const handler = { open: this.onopen, error: this.onerror, message: this.onmessage }[type];
    handler?.call(this, event);
  }
}

/** A stream of url for this page: shared with the range's other tabs where the browser can. */
export function stream(url) {
  if (worker === null) {
    const source = new EventSource(url);
    const id = shareId();
    mine.set(id, source);
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) {
        mine.delete(id);
      }
    });
    return source;
  }
  const share = new SharedStream(url);
  mine.set(share.id, share);
  return share;
}
