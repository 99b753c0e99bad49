// The challenge board: every card's solve count and solved mark follow pushed score changes.

import { api } from './session.js';
import { onScoreChange } from './live.js';

const texts = document.getElementById('texts').dataset;

onScoreChange(async () => {
  const categories = await api('GET', '/api/challenges');
  for (const challenge of categories.flatMap((c) => c.challenges)) {
    const card = document.querySelector(`li.card[data-slug="${CSS.escape(challenge.slug)}"]`);
    if (card === null) {
      continue;
    }
    const solves = card.querySelector('.solves');
    solves.dataset.solves = String(challenge.solves);
    solves.textContent = texts.solveCount.replace('%s', String(challenge.solves));
    card.querySelector('.solved-mark').hidden = !challenge.solved;
    card.classList.toggle('solved', challenge.solved);
  }
});
