import { describe, expect, it } from 'vitest';
import { chooseLang, cookieValue, formatNumber, formatTime, t } from '../src/i18n';

describe('messages', () => {
  it('speaks Indonesian by default and English on request, with placeholders filled', () => {
    const at = new Date('2026-11-25T14:05:00Z');
    expect(t('id', 'frozen', { time: formatTime('id', at, 'UTC') })).toBe('Papan skor dibekukan pukul 14:05');
    expect(t('en', 'frozen', { time: formatTime('en', at, 'UTC') })).toBe('Scoreboard frozen at 14:05');
  });

  it('formats numbers in the language and leaves unknown placeholders visible', () => {
    expect(formatNumber('id', 12345)).toBe('12.345');
    expect(formatNumber('en', 12345)).toBe('12,345');
    expect(t('en', 'tableCaption', { count: 20, total: 10000 })).toBe('Top 20 of 10,000 trainees');
    expect(t('en', 'movedUp')).toBe('up {n}');
  });

  it('builds the first-blood announcement with and without a cohort', () => {
    expect(t('id', 'firstBlood', { name: 'Ana', cohort: 'Angkatan 1', challenge: 'Web 1' })).toBe(
      'Darah pertama! Ana (Angkatan 1) memecahkan Web 1',
    );
    expect(t('en', 'firstBloodNoCohort', { name: 'Ana', challenge: 'Web 1' })).toBe('First blood! Ana solved Web 1');
  });

  it('does not treat a display name as a template', () => {
    expect(t('en', 'firstBloodNoCohort', { name: '{challenge}', challenge: 'X' })).toBe('First blood! {challenge} solved X');
  });

  it('chooses ?lang= first, then the remembered choice, then Indonesian', () => {
    expect(chooseLang('en', 'id')).toBe('en');
    expect(chooseLang(null, 'en')).toBe('en');
    expect(chooseLang('fr', 'de')).toBe('id');
    expect(chooseLang(null, null)).toBe('id');
  });
});

describe('the site language cookie', () => {
  it('reads b2c_lang among other cookies, and nothing when it is missing', () => {
    expect(cookieValue('q_csrf=x; b2c_lang=en; other=1', 'b2c_lang')).toBe('en');
    expect(cookieValue('b2c_lang=id', 'b2c_lang')).toBe('id');
    expect(cookieValue('b2c_language=en', 'b2c_lang')).toBeNull();
    expect(cookieValue('', 'b2c_lang')).toBeNull();
    expect(chooseLang(null, cookieValue('b2c_lang=en', 'b2c_lang'))).toBe('en');
  });
});
