// Small DOM helpers. Text from the API is only ever set as text (never as HTML), so nothing it holds can run.

/** h('td', {class: 'x', onclick: fn}, 'text', child…): an element; null and false children are left out. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'value') element.value = value;
    else element.setAttribute(name, value === true ? '' : value);
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

export const link = (href, text) => h('a', { href }, text);
export const status = (value) => h('span', { class: `status status-${value}`, 'data-status': value }, value);
export const json = (value) => h('pre', {}, value === null || value === undefined ? '—' : JSON.stringify(value, null, 2));

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

/** From one instant to another (or to now while it lasts): "850 ms", "12.4 s", "3 min 5 s". */
export function span(from, to) {
  if (!from) return '—';
  const ms = (to ? new Date(to) : new Date()) - new Date(from);
  if (ms < 1000) return `${Math.max(ms, 0)} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
}

/** Replaces the page's content and gives it a heading that screen readers announce. */
export function page(title, ...content) {
  const main = document.getElementById('main');
  document.title = `${title} · Agent Platform`;
  main.replaceChildren(h('h1', {}, title), ...content);
  window.scrollTo(0, 0); // a new page starts at its top, wherever the last one was scrolled to
  return main;
}

/** An error as a sentence for the person: the API's code and detail. */
export function problem(error) {
  return h('p', { class: 'error', role: 'alert' }, error.code ? `${error.code}: ${error.message}` : error.message);
}

/**
 * A form whose submit calls `action(values)`; a 4xx's errors are shown at their fields (matched by name, or by the
 * first part of a dotted name: "config.url" lands at "config"), everything else above the button.
 */
export function form(fields, label, action, { stack = true } = {}) {
  const message = h('p', { class: 'error', role: 'alert' });
  const element = h('form', { class: stack ? 'stack' : null }, ...fields, h('div', {}, h('button', { type: 'submit' }, label)), message);
  element.addEventListener('submit', async (event) => {
    event.preventDefault();
    element.querySelectorAll('.field-error').forEach((node) => node.remove());
    element.querySelectorAll('[aria-invalid]').forEach((node) => node.removeAttribute('aria-invalid'));
    message.textContent = '';
    try {
      await action(Object.fromEntries(new FormData(element)));
    } catch (error) {
      const unplaced = [];
      for (const fieldError of error.errors || []) {
        const input = element.querySelector(`[name="${CSS.escape(fieldError.field)}"]`)
          || element.querySelector(`[name="${CSS.escape(fieldError.field.split(/[.[]/)[0])}"]`);
        if (!input) { unplaced.push(`${fieldError.field}: ${fieldError.message}`); continue; }
        input.setAttribute('aria-invalid', 'true');
        input.closest('label').append(h('span', { class: 'field-error' }, `${fieldError.field} ${fieldError.message}`));
      }
      message.textContent = [error.code ? `${error.code}: ${error.message}` : error.message, ...unplaced].join(' · ');
    }
  });
  return element;
}

export const input = (label, name, attributes = {}) => h('label', {}, label, h('input', { name, ...attributes }));
export const textarea = (label, name, value = '', attributes = {}) => h('label', {}, label, h('textarea', { name, ...attributes }, value));
export const select = (label, name, options, selected) => h('label', {}, label,
  h('select', { name }, options.map(([value, text]) => h('option', { value, selected: value === selected }, text))));

/** Parses the JSON typed into a field, or reports it at that field as the API would. */
export function parsed(text, field) {
  if (!text || !text.trim()) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw Object.assign(new Error('not valid JSON'), { code: 'VALIDATION_FAILED', errors: [{ field, message: 'is not valid JSON' }] });
  }
}

export const list = (text) => (text || '').split(',').map((part) => part.trim()).filter(Boolean);

/** "Previous / Next" over cursor pages: `load(cursor)` shows a page and returns its next_cursor. */
export function pager(load) {
  const cursors = [null];
  let index = 0;
  const previous = h('button', { type: 'button', class: 'secondary', 'data-test': 'previous', onclick: () => go(index - 1) }, '← Newer');
  const next = h('button', { type: 'button', class: 'secondary', 'data-test': 'next', onclick: () => go(index + 1) }, 'Older →');
  const where = h('span', { class: 'muted' });
  async function go(to) {
    index = to;
    const nextCursor = await load(cursors[index]);
    cursors[index + 1] = nextCursor;
    previous.disabled = index === 0;
    next.disabled = !nextCursor;
    where.textContent = `page ${index + 1}`;
  }
  return { element: h('div', { class: 'row' }, previous, where, next), start: () => go(0), page: () => index };
}

// A page that goes away (the person navigates) closes its live streams.
let leaving = [];
export function onLeave(close) {
  leaving.push(close);
}

export function leaveAll() {
  leaving.forEach((close) => close());
  leaving = [];
}

/**
 * `task` run after each call, but never twice at once and at most once more however many calls came while it ran:
 * a burst of events (a replay) costs one or two refreshes, not one each.
 */
export function coalesced(task) {
  let running = null;
  let again = false;
  return function run() {
    if (running) {
      again = true;
      return running;
    }
    running = Promise.resolve().then(task).catch(() => {}).finally(() => {
      running = null;
      if (again) {
        again = false;
        run();
      }
    });
    return running;
  };
}
