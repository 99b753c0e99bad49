/**
 * /scoreboard/terminal.js: the lab terminal page. xterm.js attached to the lab's exec WebSocket
 * (#terminal data-socket): keystrokes go out as text frames, the size as
 * {"type":"resize","cols":..,"rows":..}, and the shell's output comes back as binary frames.
 */

import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';

const host = document.getElementById('terminal');
const status = document.getElementById('terminal-status');
const path = host?.dataset.socket;

if (host && status && path) {
  const term = new Terminal({ cursorBlink: true, fontSize: 14, convertEol: false, scrollback: 5000 });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(host);
  // The terminal keeps Tab for the shell (completion); Shift+Tab is its documented way out: xterm
  // leaves the key alone and the browser moves focus to the control before the terminal.
  // xterm's own input field is labelled in English: the page's words instead. What the lab
  // writes is the lab's, not the range's text.
  term.textarea?.setAttribute('aria-label', host.dataset.inputLabel ?? '');
  host.querySelector('.xterm-rows')?.setAttribute('translate', 'no');
  term.attachCustomKeyEventHandler((event) => !(event.key === 'Tab' && event.shiftKey));
  fit.fit();

  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`);
  socket.binaryType = 'arraybuffer';
  const resize = () => {
    fit.fit();
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
    }
  };
  socket.addEventListener('open', () => {
    status.textContent = host.dataset.connected ?? '';
    status.dataset.state = 'connected';
    resize();
    term.focus();
  });
  socket.addEventListener('message', (event) => {
    term.write(typeof event.data === 'string' ? event.data : new Uint8Array(event.data as ArrayBuffer));
  });
  socket.addEventListener('close', () => {
    status.textContent = host.dataset.closed ?? '';
    status.dataset.state = 'closed';
  });
  term.onData((data) => {
    if (socket.readyState === WebSocket.OPEN) {
      socket.send(data);
    }
  });
  new ResizeObserver(resize).observe(host);
}
