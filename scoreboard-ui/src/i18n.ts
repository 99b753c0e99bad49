/** The scoreboard's words in Indonesian (default) and English, and how they are formatted. */

export type Lang = 'id' | 'en';
export const LANGS: readonly Lang[] = ['id', 'en'];
export const DEFAULT_LANG: Lang = 'id';
/** The range's language cookie: the board speaks the language chosen on the site's pages. */
export const LANG_COOKIE = 'b2c_lang';

const id = {
  title: 'Papan Skor Langsung',
  subtitle: 'Born2Control Range',
  rankingHeading: 'Peringkat',
  chartHeading: 'Skor dari waktu ke waktu (10 besar)',
  filtersHeading: 'Saring',
  language: 'Bahasa',
  backToSite: 'Kembali ke situs',
  cohort: 'Kohort',
  exercise: 'Latihan',
  allCohorts: 'Semua kohort',
  allExercises: 'Semua latihan',
  exerciseNumbered: 'Latihan #{id}',
  colRank: 'Peringkat',
  colName: 'Peserta',
  colCohort: 'Kohort',
  colScore: 'Skor',
  colSolves: 'Soal',
  tableCaption: '{count} teratas dari {total} peserta',
  empty: 'Belum ada peserta dengan skor.',
  loading: 'Memuat papan skor…',
  frozen: 'Papan skor dibekukan pukul {time}',
  frozenHint: 'Perubahan setelah waktu itu diumumkan di akhir latihan.',
  firstBlood: 'Darah pertama! {name} ({cohort}) memecahkan {challenge}',
  firstBloodNoCohort: 'Darah pertama! {name} memecahkan {challenge}',
  statusConnecting: 'Menghubungkan…',
  statusLive: 'Langsung',
  statusReconnecting: 'Menyambung ulang…',
  statusUnavailable: 'Tidak tersambung, mencoba lagi dalam {seconds} detik',
  boardUnavailable: 'Papan skor tidak tersedia, mencoba lagi…',
  boardStale: 'Data terakhir pukul {time}; menunggu server.',
  movedUp: 'naik {n}',
  movedDown: 'turun {n}',
  newEntry: 'baru',
  chartUnavailable: 'Grafik belum tersedia.',
  chartEmpty: 'Belum ada skor untuk digambar.',
  updatedAt: 'Diperbarui {time}',
  points: '{n} poin',
  practiceExercise: 'Latihan bebas',
  boardKind: 'Papan',
  boardTrainees: 'Peserta',
  boardTeams: 'Tim',
  colTeam: 'Tim',
  tableCaptionTeams: '{count} teratas dari {total} tim',
  emptyTeams: 'Belum ada tim dengan skor.',
  languageId: 'Bahasa Indonesia',
  languageEn: 'English',
} as const;

export type MessageKey = keyof typeof id;

const en: Record<MessageKey, string> = {
  title: 'Live Scoreboard',
  subtitle: 'Born2Control Range',
  rankingHeading: 'Ranking',
  chartHeading: 'Score over time (top 10)',
  filtersHeading: 'Filter',
  language: 'Language',
  backToSite: 'Back to the site',
  cohort: 'Cohort',
  exercise: 'Exercise',
  allCohorts: 'All cohorts',
  allExercises: 'All exercises',
  exerciseNumbered: 'Exercise #{id}',
  colRank: 'Rank',
  colName: 'Trainee',
  colCohort: 'Cohort',
  colScore: 'Score',
  colSolves: 'Solves',
  tableCaption: 'Top {count} of {total} trainees',
  empty: 'No trainee has scored yet.',
  loading: 'Loading the scoreboard…',
  frozen: 'Scoreboard frozen at {time}',
  frozenHint: 'Changes after that time are revealed at the end of the exercise.',
  firstBlood: 'First blood! {name} ({cohort}) solved {challenge}',
  firstBloodNoCohort: 'First blood! {name} solved {challenge}',
  statusConnecting: 'Connecting…',
  statusLive: 'Live',
  statusReconnecting: 'Reconnecting…',
  statusUnavailable: 'Disconnected, retrying in {seconds} s',
  boardUnavailable: 'Scoreboard unavailable, retrying…',
  boardStale: 'Last data at {time}; waiting for the server.',
  movedUp: 'up {n}',
  movedDown: 'down {n}',
  newEntry: 'new',
  chartUnavailable: 'The chart is not available yet.',
  chartEmpty: 'No scores to draw yet.',
  updatedAt: 'Updated {time}',
  points: '{n} points',
  practiceExercise: 'Open practice',
  boardKind: 'Board',
  boardTrainees: 'Trainees',
  boardTeams: 'Teams',
  colTeam: 'Team',
  tableCaptionTeams: 'Top {count} of {total} teams',
  emptyTeams: 'No team has scored yet.',
  languageId: 'Bahasa Indonesia',
  languageEn: 'English',
};

const TABLE: Record<Lang, Record<MessageKey, string>> = { id, en };

export type Params = Record<string, string | number>;

/** The message in the language with {name} placeholders filled; unknown placeholders stay. */
export function t(lang: Lang, key: MessageKey, params: Params = {}): string {
  const template = TABLE[lang][key] ?? TABLE[DEFAULT_LANG][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? format(lang, params[name]) : whole,
  );
}

function format(lang: Lang, value: string | number): string {
  return typeof value === 'number' ? formatNumber(lang, value) : value;
}

/** A whole number with the language's digit grouping (1.234 in Indonesian, 1,234 in English). */
export function formatNumber(lang: Lang, value: number): string {
  return new Intl.NumberFormat(lang === 'id' ? 'id-ID' : 'en-GB').format(value);
}

/** HH:MM on a 24-hour clock in the given (or the viewer's) time zone. */
export function formatTime(lang: Lang, at: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone,
  })
    .format(at)
    .replace('.', ':');
}

/** Day and month, short (25 Nov), for time axes that span days. */
export function formatDay(lang: Lang, at: Date, timeZone?: string): string {
  return new Intl.DateTimeFormat(lang === 'id' ? 'id-ID' : 'en-GB', { day: 'numeric', month: 'short', timeZone }).format(at);
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** The language to show: ?lang= first, then the remembered choice, then Indonesian. */
/** The value of a cookie in a document.cookie string, or null. */
export function cookieValue(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('='));
  }
  return null;
}

export function chooseLang(queryLang: string | null, stored: string | null): Lang {
  if (isLang(queryLang)) return queryLang;
  if (isLang(stored)) return stored;
  return DEFAULT_LANG;
}
