// Pushed streams (EventSource) that live only while their page is shown. A page a person leaves
// may stay in the browser's back-forward cache with its streams still open, and over HTTP/1.1 a
// browser keeps at most six connections to one host: after a few pages of the range every new
// request (a defense check, a lab start, the next page itself) waits for a connection that never
// frees (seen in Chromium: a check that never left the browser). So every stream of the page
// closes when the page is hidden, and a page shown again from that cache loads anew: what it
// shows is read fresh and its streams open again.

const open = new Set();

addEventListener('pagehide', () => {
  open.forEach((source) => source.close());
  open.clear();
});
addEventListener('pageshow', (event) => {
  if (event.persisted) {
    location.reload();
  }
});

/** An EventSource on url that closes with its page. */
export function stream(url) {
  const source = new EventSource(url);
  open.forEach((s) => {
    if (s.readyState === EventSource.CLOSED) {
      open.delete(s);
    }
  });
  open.add(source);
  return source;
}
