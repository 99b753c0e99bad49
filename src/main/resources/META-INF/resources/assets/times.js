// Shows every <time datetime="..."> instant in the reader's time zone and the page's language.
// Runs again when a page swaps in fresh content (event b2c:content).
const lang = document.documentElement.lang || 'id';
function showTimes() {
  for (const time of document.querySelectorAll('time[datetime]')) {
    const at = new Date(time.getAttribute('datetime'));
    if (!Number.isNaN(at.getTime())) {
      time.textContent = at.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' });
    }
  }
}
showTimes();
document.addEventListener('b2c:content', showTimes);
