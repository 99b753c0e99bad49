// Pushed figures on the range's own pages: every scoreboard change (GET /api/scoreboard/stream,
// event `rank`; a `snapshot` after a reconnection) makes the page re-read what it shows. The
// re-read waits a short random time so thousands of open pages do not ask in the same instant,
// and one pending re-read serves a whole burst of changes. A team member's page follows the team
// board too (/api/scoreboard/teams/stream): a teammate's solve moves the team, not the member,
// and what the page re-reads then says what the team has solved. The streams carry public board
// figures only; what is solved "for me" comes from the re-read, which knows who asks.

import { stream } from './streams.js';

/**
 * Calls refresh after each pushed score change (of the team boards too with {@code teams});
 * answers a function that refreshes now.
 */
export function onScoreChange(refresh, [min, max] = [300, 2500], { teams = false } = {}) {
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
  const later = () => schedule(min + Math.random() * (max - min));
  const urls = ['/api/scoreboard/stream', ...(teams ? ['/api/scoreboard/teams/stream'] : [])];
  // <html data-live="open"> once every stream has answered: from then on no change is missed.
  const answered = new Set();
  const follow = (url) => {
    let snapshots = 0;
    const open = () => {
      const events = stream(url);
      events.addEventListener('open', () => {
        answered.add(url);
        if (answered.size === urls.length) {
          document.documentElement.dataset.live = 'open';
        }
      });
      events.addEventListener('rank', later);
      // The first snapshot describes what the page was rendered with; later ones follow a gap.
      events.addEventListener('snapshot', () => {
        if (snapshots++ > 0) {
          later();
        }
      });
      // While the browser retries by itself the stream is CONNECTING; CLOSED means it gave up
      // (an error answer, e.g. while the service restarts): open it anew after a pause, and its
      // snapshot re-reads what was missed meanwhile.
      events.addEventListener('error', () => {
        if (events.readyState === EventSource.CLOSED) {
          snapshots = Math.max(snapshots, 1);
          setTimeout(open, 3000 + Math.random() * 7000);
        }
      });
    };
    open();
  };
  urls.forEach(follow);
  return () => schedule(0);
}
