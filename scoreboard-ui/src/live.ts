/**
 * The live stream (GET /api/scoreboard/stream, server-sent events `snapshot`, `rank`,
 * `first-blood`) and its reconnection.
 *
 * While the browser's EventSource retries by itself (readyState CONNECTING after an error) it
 * sends Last-Event-ID and the service replays what was missed: the state is `reconnecting`.
 * When the EventSource gives up (readyState CLOSED: the service answered an error or was not
 * there) a new one is opened after an exponential back-off: the state is `unavailable` until
 * then. A new EventSource cannot send Last-Event-ID, so the service starts it with a `snapshot`,
 * and the page is told to re-read what it shows (`onResync`).
 */

import {
  type FirstBlood,
  type Page,
  type RankEvent,
  parseFirstBlood,
  parsePage,
  parseRankEvent,
} from './api';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'unavailable';

/** The part of EventSource used here (so tests can drive a fake one). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => unknown) | null;
  onerror: ((event: Event) => unknown) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSED = 2;

export interface LiveHandlers {
  onState(state: ConnectionState, retryInMs: number | null): void;
  onSnapshot(page: Page): void;
  onRank(event: RankEvent): void;
  onFirstBlood(blood: FirstBlood): void;
  /** A new stream replaced one that was given up: what the page shows may be out of date. */
  onResync(): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface Backoff {
  baseMs: number;
  maxMs: number;
  /** 0..1, the share of the delay that is randomised so clients do not return in step. */
  jitter: number;
}

export const DEFAULT_BACKOFF: Backoff = { baseMs: 1000, maxMs: 30000, jitter: 0.2 };

/** The wait before reopening attempt `attempt` (0-based): doubling up to the cap, with jitter. */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const plain = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt, 30));
  const spread = plain * backoff.jitter;
  return Math.round(plain - spread + random() * 2 * spread);
}

export class LiveConnection {
  private source: EventSourceLike | null = null;
  private retry: unknown = null;
  private attempts = 0;
  private opened = false;
  private stopped = true;
  private current: ConnectionState = 'connecting';
  /** The id of the last event received (the browser sends it back when it reconnects). */
  lastEventId: string | null = null;

  constructor(
    private readonly url: string,
    private readonly open: (url: string) => EventSourceLike,
    private readonly handlers: LiveHandlers,
    private readonly timers: Timers = globalThis,
    private readonly backoff: Backoff = DEFAULT_BACKOFF,
    private readonly random: () => number = Math.random,
  ) {}

  get state(): ConnectionState {
    return this.current;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.setState('connecting', null);
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.cancelRetry();
    this.source?.close();
    this.source = null;
  }

  /** Try again at once (the browser came back online, say) when the stream was given up. */
  reconnectNow(): void {
    if (this.stopped || this.current !== 'unavailable') return;
    this.cancelRetry();
    this.setState('reconnecting', null);
    this.connect();
  }

  private connect(): void {
    const resync = this.opened;
    const source = this.open(this.url);
    this.source = source;
    source.onopen = () => {
      if (this.source !== source) return;
      this.attempts = 0;
      this.setState('live', null);
      if (resync) this.handlers.onResync();
    };
    source.onerror = () => {
      if (this.source !== source || this.stopped) return;
      if (source.readyState === CLOSED) {
        this.giveUp(source);
      } else {
        this.setState('reconnecting', null);
      }
    };
    source.addEventListener('snapshot', (event) =>
      this.receive(source, event, (data) => this.handlers.onSnapshot(parsePage(data))),
    );
    source.addEventListener('rank', (event) =>
      this.receive(source, event, (data) => this.handlers.onRank(parseRankEvent(data))),
    );
    source.addEventListener('first-blood', (event) =>
      this.receive(source, event, (data) => {
        const blood = parseFirstBlood(data);
        if (blood !== null) this.handlers.onFirstBlood(blood);
      }),
    );
    this.opened = true;
  }

  private receive(source: EventSourceLike, event: MessageEvent, handle: (data: unknown) => void): void {
    if (this.source !== source) return;
    if (event.lastEventId) this.lastEventId = event.lastEventId;
    if (this.current !== 'live') {
      // events flowing means the stream is up even if onopen was missed
      this.attempts = 0;
      this.setState('live', null);
    }
    let data: unknown;
    try {
      data = JSON.parse(String(event.data));
    } catch {
      console.warn('scoreboard: ignored a live event that is not JSON', event.type);
      return;
    }
    handle(data);
  }

  private giveUp(source: EventSourceLike): void {
    source.close();
    this.source = null;
    const delay = backoffDelay(this.attempts, this.backoff, this.random);
    this.attempts += 1;
    this.setState('unavailable', delay);
    this.retry = this.timers.setTimeout(() => {
      this.retry = null;
      if (this.stopped) return;
      this.setState('reconnecting', null);
      this.connect();
    }, delay);
  }

  private cancelRetry(): void {
    if (this.retry !== null) this.timers.clearTimeout(this.retry);
    this.retry = null;
  }

  private setState(state: ConnectionState, retryInMs: number | null): void {
    this.current = state;
    this.handlers.onState(state, retryInMs);
  }
}
