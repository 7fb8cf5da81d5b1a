// Presentation mode for a projector: a chapter one section at a time, large, with the site's
// navigation hidden. The page (wasm) loads this file the first time someone presses "Present"
// and marks <html data-presenting> while it is on; keeping it here keeps it out of every
// page's first load. A section is the chapter's title block, a heading with what follows it,
// or a <section> (the interactive, the challenge, the quiz) on its own.
// Page Down / Page Up always move; the arrow keys move when focus is not inside the
// interactive or a form field; Escape leaves (by pressing the page's own toggle).
(() => {
  const root = document.documentElement;
  if (root.hasAttribute('data-present-ready')) return;
  root.setAttribute('data-present-ready', '');

  const OFF = 'data-present-off';
  const TEXT = { ko: (i, n) => `${n}개 중 ${i}번째 부분`, en: (i, n) => `Part ${i} of ${n}` };
  let current = 0;
  let shown = null;

  const status = document.createElement('p');
  status.className = 'present-status';
  status.setAttribute('role', 'status');
  status.setAttribute('data-testid', 'present-status');
  document.body.append(status);

  /** The chapter's children grouped into sections. */
  function sections() {
    const article = document.querySelector('article.chapter');
    if (!article) return [];
    const groups = [];
    let previous = null;
    for (const el of article.children) {
      const starts = groups.length === 0 || el.tagName === 'H2' || el.tagName === 'SECTION' || previous === 'SECTION';
      if (starts) groups.push([]);
      groups[groups.length - 1].push(el);
      previous = el.tagName;
    }
    return groups;
  }

  function show(index, moveFocus) {
    const groups = sections();
    if (groups.length === 0) return;
    const article = groups[0][0].parentElement;
    if (article !== shown) {
      // Another chapter: start from its top.
      shown = article;
      index = 0;
    }
    current = Math.max(0, Math.min(index, groups.length - 1));
    groups.forEach((group, i) => group.forEach((el) => el.toggleAttribute(OFF, i !== current)));
    const text = TEXT[root.lang] ?? TEXT.en;
    const said = text(current + 1, groups.length);
    if (status.textContent !== said) status.textContent = said;
    if (moveFocus) {
      const first = groups[current][0];
      if (!first.hasAttribute('tabindex')) first.setAttribute('tabindex', '-1');
      first.focus();
    }
  }

  function clear() {
    for (const el of document.querySelectorAll(`[${OFF}]`)) el.removeAttribute(OFF);
    status.textContent = '';
    shown = null;
  }

  const presenting = () => root.hasAttribute('data-presenting');

  document.addEventListener('keydown', (e) => {
    if (!presenting() || e.altKey || e.ctrlKey || e.metaKey) return;
    const inside = e.target instanceof Element && e.target.closest('.interactive, input, select, textarea');
    let step = 0;
    if (e.key === 'PageDown' || (!inside && (e.key === 'ArrowRight' || e.key === 'ArrowDown'))) step = 1;
    else if (e.key === 'PageUp' || (!inside && (e.key === 'ArrowLeft' || e.key === 'ArrowUp'))) step = -1;
    else if (e.key === 'Escape' && !inside) {
      document.querySelector('[data-testid="present-toggle"]')?.click();
      e.preventDefault();
      return;
    } else return;
    e.preventDefault();
    show(current + step, true);
  });

  // The page turns presenting on and off; the chapter's text arrives and changes language
  // after that, so sections are worked out again whenever the chapter's content changes.
  new MutationObserver(() => {
    if (presenting()) show(0, true);
    else clear();
  }).observe(root, { attributes: true, attributeFilter: ['data-presenting'] });
  new MutationObserver(() => presenting() && show(current, false)).observe(document.body, {
    childList: true,
    subtree: true,
  });
  if (presenting()) show(0, true);
})();
