import { describe, expect, it, vi } from 'vitest';
import type { FirstBlood, Page, RankEvent } from '../src/api';
import {
  CLOSED,
  CONNECTING,
  type ConnectionState,
  type EventSourceLike,
  LiveConnection,
  OPEN,
  backoffDelay,
} from '../src/live';

/** A stand-in for the browser's EventSource that the test drives by hand. */
class FakeSource implements EventSourceLike {
  readyState = CONNECTING;
  onopen: ((event: Event) => unknown) | null = null;
  onerror: ((event: Event) => unknown) | null = null;
  closed = false;
  private listeners = new Map<string, ((event: MessageEvent) => void)[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = CLOSED;
  }
  open(): void {
    this.readyState = OPEN;
    this.onopen?.(new Event('open'));
  }
  /** The browser lost the connection and retries by itself (sending Last-Event-ID). */
  drop(): void {
    this.readyState = CONNECTING;
    this.onerror?.(new Event('error'));
  }
  /** The service answered an error (or nothing): the browser gives up on this source. */
  fail(): void {
    this.readyState = CLOSED;
    this.onerror?.(new Event('error'));
  }
  send(type: string, id: string, data: string): void {
    const event = { type, data, lastEventId: id } as MessageEvent;
    for (const listener of this.listeners.get(type) ?? []) listener(event);
  }
}

class FakeTimers {
  pending: { fn: () => void; ms: number; handle: number }[] = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const handle = this.next++;
    this.pending.push({ fn, ms, handle });
    return handle;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((t) => t.handle !== handle);
  }
  runNext(): number {
    const timer = this.pending.shift();
    if (timer === undefined) throw new Error('no timer pending');
    timer.fn();
    return timer.ms;
  }
}

function setup() {
  const sources: FakeSource[] = [];
  const timers = new FakeTimers();
  const log = {
    states: [] as [ConnectionState, number | null][],
    snapshots: [] as Page[],
    ranks: [] as RankEvent[],
    bloods: [] as FirstBlood[],
    resyncs: 0,
  };
  const live = new LiveConnection(
    '/api/scoreboard/stream',
    (url) => {
      const source = new FakeSource(url);
      sources.push(source);
      return source;
    },
    {
      onState: (state, retry) => log.states.push([state, retry]),
      onSnapshot: (page) => log.snapshots.push(page),
      onRank: (event) => log.ranks.push(event),
      onFirstBlood: (blood) => log.bloods.push(blood),
      onResync: () => (log.resyncs += 1),
    },
    timers,
    { baseMs: 1000, maxMs: 8000, jitter: 0 },
  );
  return { live, sources, timers, log };
}

describe('backoffDelay', () => {
  it('doubles from the base up to the cap', () => {
    const b = { baseMs: 1000, maxMs: 30000, jitter: 0 };
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((a) => backoffDelay(a, b))).toEqual([
      1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000,
    ]);
  });

  it('spreads clients by the jitter share around the plain delay', () => {
    const b = { baseMs: 1000, maxMs: 30000, jitter: 0.2 };
    expect(backoffDelay(0, b, () => 0)).toBe(800);
    expect(backoffDelay(0, b, () => 1)).toBe(1200);
  });
});

describe('LiveConnection', () => {
  it('goes live on open and hands each event type, parsed, to its handler', () => {
    const { live, sources, log } = setup();
    live.start();
    expect(live.state).toBe('connecting');
    expect(sources[0].url).toBe('/api/scoreboard/stream');
    sources[0].open();
    expect(live.state).toBe('live');
    sources[0].send('snapshot', '10', '{"total":1,"frozen":true,"frozenAt":"2026-11-25T10:00:00Z","entries":[{"rank":1,"username":"ana","displayName":"Ana","cohort":"a","score":100,"solves":1}]}');
    sources[0].send('rank', '11', '{"board":"overall","changes":[{"username":"budi","displayName":"Budi","cohort":"b","score":50,"rank":2,"previousRank":null}]}');
    sources[0].send('first-blood', '12', '{"username":"budi","displayName":"Budi","cohort":"b","challenge":"web-1","challengeName":"Web 1","exerciseId":1,"at":"2026-11-25T10:01:00Z"}');
    expect(log.snapshots[0]).toMatchObject({ total: 1, frozen: true, frozenAt: '2026-11-25T10:00:00Z' });
    expect(log.snapshots[0].entries[0]).toMatchObject({ username: 'ana', score: 100 });
    expect(log.ranks[0].changes[0]).toEqual({ username: 'budi', displayName: 'Budi', cohort: 'b', score: 50, rank: 2, previousRank: null });
    expect(log.bloods[0]).toMatchObject({ username: 'budi', challengeName: 'Web 1', exerciseId: 1 });
    expect(live.lastEventId).toBe('12');
  });

  it('shows reconnecting while the browser resumes the same source with Last-Event-ID', () => {
    const { live, sources, log, timers } = setup();
    live.start();
    sources[0].open();
    sources[0].drop();
    expect(live.state).toBe('reconnecting');
    expect(sources).toHaveLength(1); // the browser retries this source itself
    expect(timers.pending).toHaveLength(0);
    sources[0].open();
    expect(live.state).toBe('live');
    expect(log.resyncs).toBe(0); // the service replays what was missed
  });

  it('opens a new source after a back-off when the browser gives up, and asks for a resync', () => {
    const { live, sources, log, timers } = setup();
    live.start();
    sources[0].open();
    sources[0].fail();
    expect(sources[0].closed).toBe(true);
    expect(live.state).toBe('unavailable');
    expect(log.states.at(-1)).toEqual(['unavailable', 1000]);
    expect(timers.runNext()).toBe(1000);
    expect(live.state).toBe('reconnecting');
    expect(sources).toHaveLength(2);
    sources[1].open();
    expect(live.state).toBe('live');
    expect(log.resyncs).toBe(1);
  });

  it('backs off longer after each failed attempt and starts over once live', () => {
    const { live, sources, timers, log } = setup();
    live.start();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      sources.at(-1)!.fail();
      delays.push(timers.runNext());
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 8000]);
    sources.at(-1)!.open();
    sources.at(-1)!.fail();
    expect(log.states.at(-1)).toEqual(['unavailable', 1000]);
  });

  it('retries at once when the browser comes back online', () => {
    const { live, sources, timers } = setup();
    live.start();
    sources[0].fail();
    live.reconnectNow();
    expect(timers.pending).toHaveLength(0);
    expect(sources).toHaveLength(2);
    expect(live.state).toBe('reconnecting');
    live.reconnectNow(); // not unavailable any more: nothing to do
    expect(sources).toHaveLength(2);
  });

  it('ignores events of a replaced source, malformed data and anything after stop', () => {
    const { live, sources, log, timers } = setup();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    live.start();
    sources[0].open();
    sources[0].send('rank', '1', 'not json');
    expect(log.ranks).toHaveLength(0);
    expect(warn).toHaveBeenCalledWith('scoreboard: ignored a live event that is not JSON', 'rank');
    warn.mockRestore();
    sources[0].fail();
    timers.runNext();
    sources[0].send('rank', '2', '{"changes":[]}');
    expect(log.ranks).toHaveLength(0);
    live.stop();
    expect(sources[1].closed).toBe(true);
    sources[1].fail();
    expect(timers.pending).toHaveLength(0);
  });

  it('counts events as proof of life when open was not reported', () => {
    const { live, sources } = setup();
    live.start();
    sources[0].send('snapshot', '5', '{"entries":[]}');
    expect(live.state).toBe('live');
  });
});
