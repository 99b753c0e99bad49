// The challenge board: every card's solve count and solved mark, and the trainee's count of
// solved challenges, follow pushed score changes (a team member's also the team board's: a
// teammate's solve is the team's).

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
  const solved = document.getElementById('home-solved');
  if (solved !== null) {
    const count = document.querySelectorAll('li.card.solved').length;
    solved.textContent = texts.homeSolved.replace('%s', String(count));
  }
}, undefined, { teams: texts.team === 'true' });
