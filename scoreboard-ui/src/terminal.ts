/**
 * /scoreboard/terminal.js: the lab terminal page. xterm.js attached to the lab's exec WebSocket
 * (#terminal data-socket): keystrokes go out as text frames, the size as
 * {"type":"resize","cols":..,"rows":..}, and the shell's output comes back as binary frames.
 *
 * The WebSocket opens with a one-time ticket (POST {socket}/ticket, a request of this page's
 * session), so it is not tied to one access token; while it is open the page sends a fresh ticket
 * every renewSeconds ({"type":"renew","ticket":..}). When the session ends no ticket comes, and
 * the range closes the terminal (4401) within its lease.
 */

import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

interface TerminalTicket {
  ticket: string;
  socket: string;
  renewSeconds: number;
}

const host = document.getElementById('terminal');
const status = document.getElementById('terminal-status');
const path = host?.dataset.socket;

async function ticket(socketPath: string): Promise<TerminalTicket | null> {
  try {
    const response = await fetch(`${socketPath}/ticket`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-B2C-Request': 'terminal' },
    });
    return response.ok ? ((await response.json()) as TerminalTicket) : null;
  } catch {
    return null;
  }
}

function closedText(element: HTMLElement, code: number): string {
  if (code === 4429) {
    return element.dataset.tooMany ?? '';
  }
  if (code === 4401) {
    return element.dataset.sessionEnded ?? '';
  }
  return element.dataset.closed ?? '';
}

async function connect(element: HTMLElement, line: HTMLElement, socketPath: string): Promise<void> {
  const term = new Terminal({ cursorBlink: true, fontSize: 14, convertEol: false, scrollback: 5000 });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(element);
  // The terminal keeps Tab for the shell (completion); Shift+Tab is its documented way out: xterm
  // leaves the key alone and the browser moves focus to the control before the terminal.
  // xterm's own input field is labelled in English: the page's words instead. What the lab
  // writes is the lab's, not the range's text.
  term.textarea?.setAttribute('aria-label', element.dataset.inputLabel ?? '');
  element.querySelector('.xterm-rows')?.setAttribute('translate', 'no');
  term.attachCustomKeyEventHandler((event) => !(event.key === 'Tab' && event.shiftKey));
  fit.fit();

  const first = await ticket(socketPath);
  if (!first) {
    line.textContent = element.dataset.closed ?? '';
    line.dataset.state = 'closed';
    return;
  }
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${first.socket}`);
  socket.binaryType = 'arraybuffer';
  const resize = () => {
    fit.fit();
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
    }
  };
  const renewal = window.setInterval(async () => {
    const next = await ticket(socketPath);
    if (next && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: 'renew', ticket: next.ticket }));
    }
  }, Math.max(1, first.renewSeconds) * 1000);
  socket.addEventListener('open', () => {
    line.textContent = element.dataset.connected ?? '';
    line.dataset.state = 'connected';
    resize();
    term.focus();
  });
  socket.addEventListener('message', (event) => {
    term.write(typeof event.data === 'string' ? event.data : new Uint8Array(event.data as ArrayBuffer));
  });
  socket.addEventListener('close', (event) => {
    window.clearInterval(renewal);
    line.textContent = closedText(element, event.code);
    line.dataset.state = 'closed';
    line.dataset.code = String(event.code);
  });
  term.onData((data) => {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(data);
    }
  });
  new ResizeObserver(resize).observe(element);
}

if (host && status && path) {
  void connect(host, status, path);
}
