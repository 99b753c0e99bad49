// My page follows pushed score changes (mine and others', which move my rank; a team member's
// page the team board's too, which move my team's score): it re-reads itself and swaps in the
// new figures, then lets the chart and time scripts draw them again.

import { onScoreChange } from './live.js';
import { showSessionEnded } from './session.js';

onScoreChange(async () => {
  const response = await fetch(window.location.pathname, {
    headers: { Accept: 'text/html', 'X-Requested-With': 'JavaScript' },
    credentials: 'same-origin',
    redirect: 'manual',
  });
  if (response.status === 499 || response.type === 'opaqueredirect') {
    showSessionEnded();
    return;
  }
  if (!response.ok) {
    return;
  }
  const fresh = new DOMParser().parseFromString(await response.text(), 'text/html')
    .getElementById('content');
  if (fresh !== null) {
    document.getElementById('content').replaceChildren(...fresh.childNodes);
    document.dispatchEvent(new Event('b2c:content'));
  }
}, undefined, { teams: document.getElementById('my-team') !== null });
