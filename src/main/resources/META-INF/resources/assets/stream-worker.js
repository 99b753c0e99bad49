// The range's shared stream worker (see streams.js): one EventSource per person and stream for
// every tab of the range, each event passed on to the pages that asked for its type. A stream no
// page shares any more is closed; one the browser gave up on (closed after an error answer) is
// forgotten, so the next page asking opens it anew.

/** viewer + url -> { source, types: Set, shares: Map(id -> { port, types: Set }), snapshot } */
const streams = new Map();
/** share id -> its stream's key */
const keyOf = new Map();

onconnect = (connection) => {
  const port = connection.ports[0];
  port.onmessage = (message) => {
    const m = message.data;
    if (m.op === 'open') {
      open(port, m);
    } else if (m.op === 'listen') {
      listen(m.id, m.type);
    } else if (m.op === 'close') {
      close(m.id);
    }
  };
};

function open(port, { id, url, viewer, types }) {
  const key = `${viewer}\n${url}`;
  let stream = streams.get(key);
  if (stream === undefined) {
    stream = { source: new EventSource(url), types: new Set(), shares: new Map(), snapshot: null };
    streams.set(key, stream);
    const { source } = stream;
    source.addEventListener('open', () => each(stream, 'open'));
    source.addEventListener('message', (event) => each(stream, 'message', event));
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED && streams.get(key) === stream) {
        streams.delete(key);
        stream.shares.forEach((share, shareId) => keyOf.delete(shareId));
      }
      each(stream, 'error');
    });
  }
  stream.shares.set(id, { port, types: new Set(types) });
  keyOf.set(id, key);
  types.forEach((type) => listen(id, type));
  // A page joining an open stream learns that it is open, and the figures it last described.
  if (stream.source.readyState === EventSource.OPEN) {
    port.postMessage({ id, type: 'open', readyState: EventSource.OPEN });
    if (stream.snapshot !== null && types.includes('snapshot')) {
      port.postMessage({ id, type: 'snapshot', readyState: EventSource.OPEN, ...stream.snapshot });
    }
  }
}

function listen(id, type) {
  const stream = streams.get(keyOf.get(id));
  if (stream === undefined) {
    return;
  }
  stream.shares.get(id)?.types.add(type);
  if (!stream.types.has(type)) {
    stream.types.add(type);
    stream.source.addEventListener(type, (event) => {
      if (type === 'snapshot') {
        stream.snapshot = { data: event.data, lastEventId: event.lastEventId };
      }
      each(stream, type, event);
    });
  }
}

function close(id) {
  const key = keyOf.get(id);
  keyOf.delete(id);
  const stream = streams.get(key);
  if (stream === undefined) {
    return;
  }
  stream.shares.delete(id);
  if (stream.shares.size === 0) {
    stream.source.close();
    streams.delete(key);
  }
}

function each(stream, type, event) {
  const readyState = stream.source.readyState;
  stream.shares.forEach((share, id) => {
    if (type === 'open' || type === 'error' || type === 'message' || share.types.has(type)) {
      share.port.postMessage({ id, type, readyState, data: event?.data,
        lastEventId: event?.lastEventId });
    }
  });
}
