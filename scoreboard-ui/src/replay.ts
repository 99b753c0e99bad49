/**
 * /scoreboard/replay.js: the debrief page's terminal replays. Each "Replay" button shows its
 * .cast-player (data-cast: the recording's asciicast v2 URL on the range, read with the page's
 * session) and starts asciinema-player in it; pressing it again hides and pauses the player.
 * Long pauses of the session are shortened to two seconds.
 */

import { create, type Player } from 'asciinema-player';
import 'asciinema-player/dist/bundle/asciinema-player.css';
import './replay.css';

const players = new Map<HTMLElement, Player>();

function toggle(button: HTMLButtonElement): void {
  const id = button.getAttribute('aria-controls');
  const host = id ? document.getElementById(id) : null;
  const cast = host?.dataset.cast;
  if (!host || !cast) return;
  const open = button.getAttribute('aria-expanded') === 'true';
  button.setAttribute('aria-expanded', String(!open));
  host.hidden = open;
  const existing = players.get(host);
  if (open) {
    void existing?.pause();
    return;
  }
  if (existing) {
    void existing.play();
    return;
  }
  const cols = Number(host.dataset.cols) || undefined;
  const rows = Number(host.dataset.rows) || undefined;
  const player = create(cast, host, {
    cols,
    rows,
    autoPlay: true,
    idleTimeLimit: 2,
    fit: 'width',
    terminalFontSize: 'small',
  });
  player.addEventListener('playing', () => host.setAttribute('data-state', 'playing'));
  player.addEventListener('ended', () => host.setAttribute('data-state', 'ended'));
  players.set(host, player);
}

for (const button of document.querySelectorAll<HTMLButtonElement>('button.replay')) {
  button.addEventListener('click', () => toggle(button));
}
