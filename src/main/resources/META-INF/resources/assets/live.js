// Pushed figures on the range's own pages: every scoreboard change (GET /api/scoreboard/stream,
// event `rank`; a `snapshot` after a reconnection) makes the page re-read what it shows. The
// re-read waits a short random time so thousands of open pages do not ask in the same instant,
// and one pending re-read serves a whole burst of changes.

import { stream } from './streams.js';

/** Calls refresh after each pushed score change; answers a function that refreshes now. */
export function onScoreChange(refresh, [min, max] = [300, 2500]) {
  let pending = null;
  const schedule = (delay) => {
    if (pending !== null) {
      return;
    }
    pending = setTimeout(async () => {
      pending = null;
      try {
        await refresh();
      } catch (error) {
        console.warn('live figures could not be read:', error);
      }
    }, delay);
  };
  let snapshots = 0;
  const events = stream('/api/scoreboard/stream');
  events.addEventListener('rank', () => schedule(min + Math.random() * (max - min)));
  // The first snapshot describes what the page was rendered with; later ones follow a gap.
  events.addEventListener('snapshot', () => {
    if (snapshots++ > 0) {
      schedule(min + Math.random() * (max - min));
    }
  });
  return () => schedule(0);
}
