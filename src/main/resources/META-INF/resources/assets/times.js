// Shows every <time datetime="..."> instant in the reader's time zone and the page's language.
const lang = document.documentElement.lang || 'id';
for (const time of document.querySelectorAll('time[datetime]')) {
  const at = new Date(time.getAttribute('datetime'));
  if (!Number.isNaN(at.getTime())) {
    time.textContent = at.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
  }
}
