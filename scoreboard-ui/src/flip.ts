/** FLIP animation of reordered rows: First positions, Last positions, Invert, Play. */

/** How far each element must be shifted back to look where it was (only moved, surviving ones). */
export function flipOffsets(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
  const offsets = new Map<string, number>();
  for (const [key, top] of after) {
    const old = before.get(key);
    if (old !== undefined && Math.abs(old - top) >= 1) offsets.set(key, old - top);
  }
  return offsets;
}

function positions(container: HTMLElement): Map<string, number> {
  const tops = new Map<string, number>();
  for (const el of container.querySelectorAll<HTMLElement>('[data-username]')) {
    tops.set(el.dataset.username ?? '', el.getBoundingClientRect().top);
  }
  return tops;
}

/**
 * Runs `update` (which reorders the keyed children of `container`) and animates each moved
 * child from its old place to the new one. Skipped when the viewer asked for reduced motion.
 */
export function animateReorder(container: HTMLElement, update: () => void, durationMs = 700): void {
  const reduced = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
  const before = reduced ? new Map<string, number>() : positions(container);
  update();
  if (reduced) return;
  const offsets = flipOffsets(before, positions(container));
  for (const el of container.querySelectorAll<HTMLElement>('[data-username]')) {
    const dy = offsets.get(el.dataset.username ?? '');
    if (dy === undefined || typeof el.animate !== 'function') continue;
    el.animate([{ transform: `translateY(${dy}px)` }, { transform: 'translateY(0)' }], {
      duration: durationMs,
      easing: 'cubic-bezier(0.2, 0.8, 0.2, 1)',
    });
  }
}
