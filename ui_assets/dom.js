// Tiny DOM helpers. Data never goes through innerHTML: every text is set with textContent or
// created as a text node, so directory-supplied names, titles and departments are always escaped.

let idCounter = 0;

// Returns a function producing ids unique in the document for one mounted component, so a panel can be
// mounted twice on a host page without clashing ids.
export function idFactory(prefix) {
  idCounter += 1;
  const base = `tdm${idCounter}-${prefix}`;
  return (name) => `${base}-${name}`;
}

// h('button', {type: 'button', className: 'x', on: {click}}, 'text', child, ...)
// props: className, text, hidden, dataset {}, on {event: fn}, attrs {} (setAttribute), and any other
// key is assigned as a DOM property (id, type, name, value, checked, htmlFor, disabled...).
export function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === undefined || value === null) continue;
    if (key === 'className') el.className = value;
    else if (key === 'text') el.textContent = String(value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'on') {
      for (const [event, fn] of Object.entries(value)) el.addEventListener(event, fn);
    } else if (key === 'attrs') {
      for (const [name, v] of Object.entries(value)) {
        if (v === undefined || v === null || v === false) continue;
        el.setAttribute(name, v === true ? '' : String(v));
      }
    } else el[key] = value;
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// A heading of level 1..6 (clamped).
export function heading(level, props, ...children) {
  const l = Math.min(6, Math.max(1, level || 2));
  return h(`h${l}`, props, ...children);
}

// Text only for screen readers.
export function srOnly(text) {
  return h('span', { className: 'tdm-sr-only', text });
}

// Adds or removes an id from an element's aria-describedby list.
export function describedBy(el, id, on = true) {
  const ids = new Set((el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean));
  if (on) ids.add(id);
  else ids.delete(id);
  if (ids.size) el.setAttribute('aria-describedby', [...ids].join(' '));
  else el.removeAttribute('aria-describedby');
}

// Wires a two-step confirmation: `trigger` hides itself and shows `box` with focus on `yes`;
// `no` or Escape inside the box hides it again and gives focus back to `trigger`.
export function wireConfirmStep({ trigger, box, yes, no }) {
  const cancel = () => {
    box.hidden = true;
    trigger.hidden = false;
    trigger.focus();
  };
  trigger.addEventListener('click', () => {
    trigger.hidden = true;
    box.hidden = false;
    yes.focus();
  });
  no.addEventListener('click', cancel);
  box.addEventListener('keydown', (ev) => {
    if (ev.key === 'Escape') { ev.preventDefault(); cancel(); }
  });
  return cancel;
}
