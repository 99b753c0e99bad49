// Calls to the range's JSON API from pages, and what happens when the session has ended: the page
// says so (the layout's #session-ended template, in the page's language) and offers to sign in
// again; what the person typed in fields marked data-keep is saved in sessionStorage and put back
// when they return to this page after signing in.

const KEEP = `b2c-keep:${window.location.pathname}${window.location.search}`;

/** An API answer saying the session is gone: 401 (no session) or 499 (it could not be refreshed). */
export class SessionEndedError extends Error {}

function keepTypedText() {
  const values = {};
  for (const field of document.querySelectorAll('input[data-keep], textarea[data-keep]')) {
    if (field.id && field.value !== '') {
      values[field.id] = field.value;
    }
  }
  if (Object.keys(values).length > 0) {
    window.sessionStorage.setItem(KEEP, JSON.stringify(values));
  }
}

/** Shows the "session ended" notice once, with a sign-in link back to this page. */
export function showSessionEnded() {
  keepTypedText();
  if (document.querySelector('.session-ended') !== null) {
    return;
  }
  const template = document.getElementById('session-ended');
  const notice = template.content.firstElementChild.cloneNode(true);
  const link = notice.querySelector('a');
  link.href = `/login?then=${encodeURIComponent(window.location.pathname + window.location.search)}`;
  link.addEventListener('click', keepTypedText);
  const main = document.getElementById('content');
  main.prepend(notice);
  link.focus();
}

/**
 * What a problem answer means, in the page's language: the layout's text for the problem's
 * stable type (urn:born2control:problem:lab-limit → data-lab-limit), else a general one with the
 * status. The server's detail is English, for API clients and logs.
 */
export function problemText(problem, status) {
  const texts = document.getElementById('problem-texts')?.dataset ?? {};
  const name = typeof problem.type === 'string' ? problem.type.split(':').pop() : '';
  const key = name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
  return (key && texts[key]) || (texts.generic ?? '%s').replace('%s', String(status));
}

/** Calls the JSON API; answers the parsed body, or throws an Error carrying the problem. */
export async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      // Marks the call as a page script's, so an expired session answers 499, not a redirect.
      'X-Requested-With': 'JavaScript',
      // The range's request header: what a foreign page cannot send (web.RequestGuard).
      'X-B2C-Request': '1',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (response.status === 401 || response.status === 499) {
    showSessionEnded();
    throw new SessionEndedError(document.querySelector('.session-ended p').textContent);
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new Error(problemText(data, response.status));
    error.status = response.status;
    error.retryAfter = response.headers.get('Retry-After');
    error.problem = data;
    throw error;
  }
  return data;
}

// Back from signing in: put back what was typed before the session ended.
const kept = window.sessionStorage.getItem(KEEP);
if (kept !== null) {
  window.sessionStorage.removeItem(KEEP);
  for (const [id, value] of Object.entries(JSON.parse(kept))) {
    const field = document.getElementById(id);
    if (field !== null && field.value === '') {
      field.value = value;
    }
  }
}
