// The pitch editor (Streamlit components v2). Python passes `data` (the text it scored, the
// marks, labels); the editor sends the text back with setStateValue("text", ...) after a pause
// in typing, and "ignore here" with setTriggerValue("ignore", key). When Python asks for it
// (`settle_ms`), it also dispatches "pitch-editor-settled" on the document once the scores have
// caught up and the writer has not typed for that long: a refresh_on_settle element (refresh.js)
// then redraws the page's slower parts, which are not redrawn on every pause.
//
// The editable element is a plain <textarea>, so the caret, selection, undo/redo, paste, IME
// and right-to-left text are the browser's own. Marks are drawn on a mirror of the text behind
// it (text nodes only: user text is never parsed as HTML). This function runs on every render:
// the editor is built once and then only updated from `data`.

const SEV_ORDER = { error: 0, warning: 1, suggestion: 2 };

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

// Marks scored against `base`, moved to fit `now`: marks before the edited stretch stay, marks
// after it shift by the change in length, marks inside it wait for the next scoring.
function mapMarks(base, marks, now) {
  if (base === now || !marks.length) return marks;
  const m = Math.min(base.length, now.length);
  let p = 0;
  while (p < m && base.charCodeAt(p) === now.charCodeAt(p)) p++;
  let s = 0;
  while (s < m - p && base.charCodeAt(base.length - 1 - s) === now.charCodeAt(now.length - 1 - s)) s++;
  const editEnd = base.length - s;
  const delta = now.length - base.length;
  const out = [];
  for (const k of marks) {
    if (k.end <= p) out.push(k);
    else if (k.start >= editEnd) out.push(Object.assign({}, k, { start: k.start + delta, end: k.end + delta }));
  }
  return out;
}

function makeField(root, name, label, placeholder, testid) {
  const field = el("div", "pe-field pe-" + name);
  const id = "pe-" + name + "-" + Math.random().toString(36).slice(2, 8);
  const lab = el("label", "pe-label", label);
  lab.htmlFor = id;
  const box = el("div", "pe-box");
  const back = el("div", "pe-back");
  back.setAttribute("aria-hidden", "true");
  back.dir = "auto";
  const ta = el("textarea", "pe-ta");
  ta.id = id;
  ta.dir = "auto";
  ta.spellcheck = true;
  ta.rows = name === "subject" ? 1 : 10;
  ta.placeholder = placeholder || "";
  ta.setAttribute("data-testid", testid);
  ta.setAttribute("aria-describedby", root.hintId);
  box.append(back, ta);
  field.append(lab, box);
  return { name, field, label: lab, back, ta, base: "", baseMarks: [], marks: [] };
}

function build(parent) {
  const root = el("div", "pe-root");
  root.hintId = "pe-hint-" + Math.random().toString(36).slice(2, 8);
  const st = {
    root, doc: null, timer: null, composing: false, lastSent: null, current: null,
    debounce: 250, api: null, fields: {}, ignoredHere: new Set(),
    pending: false, settleMs: 0, settleWanted: false, settleTimer: null,
  };
  st.fields.subject = makeField(root, "subject", "Subject", "", "pitch-editor-subject");
  st.fields.body = makeField(root, "body", "Message", "", "pitch-editor");
  st.fields.subject.ta.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.isComposing) e.preventDefault(); // a subject is one line
  });
  st.status = el("div", "pe-status");
  st.status.setAttribute("data-testid", "pitch-editor-status");
  st.words = el("b", "", "0");
  st.words.setAttribute("data-testid", "scored-words");
  st.marksCount = el("b", "", "0");
  st.state = el("span", "", "");
  const w = el("span");
  w.append(st.words, document.createTextNode(" words scored"));
  const k = el("span");
  k.append(st.marksCount, document.createTextNode(" marks"));
  st.status.append(w, k, st.state);
  st.note = el("div", "pe-note");
  st.note.hidden = true;
  st.hint = el("p", "pe-hint", "Tap or click a mark for its card. Keyboard: Alt+↓ / Alt+↑ (or F8 / Shift+F8) moves from mark to mark, Esc closes the card.");
  st.hint.id = root.hintId;
  st.card = el("div", "pe-card");
  st.card.hidden = true;
  st.card.setAttribute("role", "region");
  st.card.setAttribute("aria-label", "The mark at the caret");
  st.live = el("div", "pe-sr");
  st.live.setAttribute("aria-live", "polite");
  root.append(st.fields.subject.field, st.fields.body.field, st.status, st.note, st.card, st.hint, st.live);
  parent.appendChild(root);

  for (const f of Object.values(st.fields)) wire(st, f);
  root.__pe = st;
  return st;
}

function wire(st, f) {
  const ta = f.ta;
  ta.addEventListener("input", (e) => {
    clearTimeout(st.settleTimer); // typing again: not settled
    redraw(st, f);
    if (e.isComposing || st.composing) return; // nothing is sent mid-composition
    schedule(st);
  });
  ta.addEventListener("compositionstart", () => { st.composing = true; });
  ta.addEventListener("compositionend", () => { st.composing = false; redraw(st, f); schedule(st); });
  ta.addEventListener("scroll", () => syncScroll(f));
  ta.addEventListener("blur", () => { if (st.timer) flush(st); });
  const atCaret = () => showCardAtCaret(st, f, false);
  ta.addEventListener("click", atCaret);
  ta.addEventListener("keyup", (e) => {
    if (e.key.startsWith("Arrow") || e.key === "Home" || e.key === "End") atCaret();
  });
  ta.addEventListener("keydown", (e) => {
    const next = (e.altKey && e.key === "ArrowDown") || (e.key === "F8" && !e.shiftKey);
    const prev = (e.altKey && e.key === "ArrowUp") || (e.key === "F8" && e.shiftKey);
    if (next || prev) {
      e.preventDefault();
      jump(st, f, next ? 1 : -1);
    } else if (e.key === "Escape" && !st.card.hidden) {
      e.preventDefault();
      closeCard(st);
    }
  });
}

function syncScroll(f) {
  f.back.scrollTop = f.ta.scrollTop;
  f.back.scrollLeft = f.ta.scrollLeft;
  // A very long paste mirrors only the marked start: past it, draw nothing rather than misplace.
  f.back.style.visibility = f.back.scrollTop + 1 < f.ta.scrollTop ? "hidden" : "visible";
}

function redraw(st, f) {
  const text = f.ta.value;
  f.marks = mapMarks(f.base, f.baseMarks, text).filter((m) => !st.ignoredHere.has(m.key));
  const limit = Math.min(text.length, f.mirrorLimit || text.length);
  const frag = document.createDocumentFragment();
  let pos = 0;
  const sorted = f.marks.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  for (const m of sorted) {
    const start = Math.max(m.start, pos);
    const end = Math.min(m.end, limit);
    if (end <= start) continue;
    if (start > pos) frag.append(document.createTextNode(text.slice(pos, start)));
    const span = el("span", "pe-m pe-d-" + m.dim + " pe-s-" + m.sev, text.slice(start, end));
    span.setAttribute("data-n", String(m.n));
    if (st.current && st.current.key === m.key && st.current.field === f.name) span.classList.add("pe-current");
    frag.append(span);
    pos = end;
  }
  frag.append(document.createTextNode(text.slice(pos, limit) + (text.endsWith("\n") ? " " : "")));
  f.back.replaceChildren(frag);
  syncScroll(f);
}

function setPending(st, text) {
  st.pending = !!text;
  st.state.textContent = text;
  st.status.setAttribute("data-pending", text ? "true" : "false");
}

// Once caught up and idle for settleMs, say so (once) for the page's slower parts.
function armSettle(st) {
  clearTimeout(st.settleTimer);
  if (!st.settleWanted || !st.settleMs) return;
  st.settleTimer = setTimeout(() => {
    if (!st.settleWanted || st.timer || st.composing || st.pending) return;
    st.settleWanted = false;
    document.dispatchEvent(new CustomEvent("pitch-editor-settled"));
  }, st.settleMs);
}

function schedule(st) {
  clearTimeout(st.timer);
  setPending(st, "· typing…");
  st.timer = setTimeout(() => flush(st), st.debounce);
}

function flush(st) {
  clearTimeout(st.timer);
  st.timer = null;
  if (st.composing || !st.api) return;
  const value = { doc: st.doc, subject: st.fields.subject.ta.value, body: st.fields.body.ta.value };
  const sig = value.subject + "\u0000" + value.body;
  if (sig === st.lastSent) { setPending(st, ""); armSettle(st); return; }
  st.lastSent = sig;
  setPending(st, "· scoring…");
  performance.mark("pitch-editor-send"); // bench/bench_pause_parts.py times a pause from here
  st.api.setStateValue("text", value);
}

function allMarks(st) {
  const out = [];
  for (const name of ["subject", "body"]) {
    const f = st.fields[name];
    if (f.field.hidden) continue;
    for (const m of f.marks.slice().sort((a, b) => a.start - b.start)) out.push({ f, m });
  }
  return out;
}

function jump(st, f, dir) {
  const list = allMarks(st);
  if (!list.length) { announce(st, "No marks in the text."); return; }
  const order = (x) => (x.f.name === "subject" ? 0 : 1);
  const here = { o: order({ f }), pos: dir > 0 ? f.ta.selectionEnd : f.ta.selectionStart };
  let pick;
  if (dir > 0) {
    pick = list.find((x) => order(x) > here.o || (order(x) === here.o && x.m.start >= here.pos && !(st.current && st.current.key === x.m.key && x.m.start === f.ta.selectionStart)));
    pick = pick || list[0];
  } else {
    const before = list.filter((x) => order(x) < here.o || (order(x) === here.o && x.m.end <= here.pos && !(st.current && st.current.key === x.m.key && x.m.end === f.ta.selectionEnd)));
    pick = before.length ? before[before.length - 1] : list[list.length - 1];
  }
  pick.f.ta.focus();
  pick.f.ta.setSelectionRange(pick.m.start, pick.m.end);
  openCard(st, pick.f, pick.m, true);
}

function showCardAtCaret(st, f, announceIt) {
  const pos = f.ta.selectionStart;
  const hits = f.marks.filter((m) => m.start <= pos && pos <= m.end && m.end > m.start);
  if (!hits.length) { if (st.current && st.current.field === f.name) closeCard(st); return; }
  hits.sort((a, b) => (SEV_ORDER[a.sev] ?? 3) - (SEV_ORDER[b.sev] ?? 3) || b.points - a.points);
  openCard(st, f, hits[0], announceIt);
}

function closeCard(st) {
  const was = st.current;
  st.current = null;
  st.card.hidden = true;
  st.card.replaceChildren();
  if (was) redraw(st, st.fields[was.field]);
}

function openCard(st, f, m, announceIt) {
  const same = st.current && st.current.key === m.key && st.current.field === f.name;
  st.current = { key: m.key, field: f.name };
  const head = el("div", "pe-card-head");
  head.append(el("span", "pe-n", String(m.n)), el("span", "pe-pts", "−" + m.points + " pts"));
  const tag = el("span", "pe-tag pe-d-" + m.dim, m.dim_label);
  head.append(tag, el("span", "pe-sev", m.sev_label + (f.name === "subject" ? " · subject" : "")));
  const msg = el("p", "pe-msg", m.message);
  msg.dir = "auto";
  const body = [head, msg];
  if (m.suggestion) {
    const fix = el("div", "pe-fix");
    fix.dir = "auto";
    fix.append(el("b", "", "Fix: "), document.createTextNode(m.suggestion));
    body.push(fix);
  }
  const actions = el("div", "pe-actions");
  (m.fixes || []).forEach((text, i) => {
    const label = text === "" ? "Apply: remove “" + m.matched + "”" : "Apply: “" + text + "”";
    const b = el("button", "pe-btn" + (i === 0 ? " pe-primary" : ""), label);
    b.type = "button";
    b.setAttribute("data-testid", "pitch-editor-apply");
    b.addEventListener("click", () => applyFix(st, f, m, text));
    actions.append(b);
  });
  const ign = el("button", "pe-btn", "Ignore here");
  ign.type = "button";
  ign.setAttribute("data-testid", "pitch-editor-ignore");
  ign.addEventListener("click", () => ignore(st, f, m));
  const close = el("button", "pe-btn", "Close");
  close.type = "button";
  close.addEventListener("click", () => { closeCard(st); f.ta.focus(); });
  if (st.allowIgnore) actions.append(ign);
  actions.append(close);
  body.push(actions);
  if (st.allowIgnore) {
    // Said on the card too: a title shows only on hover, and a phone has none.
    body.push(el("div", "pe-hint", "Ignore here keeps this wording: it costs nothing in this draft and is listed under “Ignored here”."));
  }
  st.card.replaceChildren(...body);
  st.card.setAttribute("data-key", m.key);
  st.card.hidden = false;
  redraw(st, f);
  if (announceIt || !same) {
    announce(st, "Mark " + m.n + ": " + m.dim_label + ", " + m.sev_label + ", minus " + m.points + " points. " +
      m.message + (m.suggestion ? " Fix: " + m.suggestion : "") + (m.fixes && m.fixes.length ? " Tab to Apply." : ""));
  }
}

function announce(st, text) {
  st.live.textContent = "";
  setTimeout(() => { st.live.textContent = text; }, 30);
}

function applyFix(st, f, m, text) {
  const ta = f.ta;
  const matched = ta.value.slice(m.start, m.end);
  if (m.matched && matched.toLowerCase() !== m.matched.toLowerCase()) {
    announce(st, "The text changed under this mark; it will be checked again.");
    closeCard(st);
    return;
  }
  ta.focus();
  ta.setSelectionRange(m.start, m.end);
  let done = false;
  try {
    // execCommand keeps the change on the browser's own undo stack (Ctrl+Z undoes the fix).
    done = text === "" ? document.execCommand("delete") : document.execCommand("insertText", false, text);
  } catch (err) {
    done = false;
  }
  if (!done) {
    ta.setRangeText(text, m.start, m.end, "end");
    ta.dispatchEvent(new Event("input", { bubbles: true }));
  }
  closeCard(st);
  announce(st, "Applied. Scoring again.");
  flush(st);
}

function ignore(st, f, m) {
  flush(st);
  st.ignoredHere.add(m.key);
  closeCard(st);
  redraw(st, f);
  f.ta.focus();
  announce(st, "Ignored here. It is listed under Ignored and costs nothing.");
  st.api.setTriggerValue("ignore", m.key);
}

export default function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  const d = data || {};
  let root = parentElement.querySelector(".pe-root");
  const st = root ? root.__pe : build(parentElement);
  st.api = { setStateValue, setTriggerValue };
  st.debounce = Number(d.debounce_ms) > 0 ? Number(d.debounce_ms) : 250;
  st.allowIgnore = d.allow_ignore !== false;
  if (Number(d.max_chars) > 0) st.fields.body.ta.maxLength = Number(d.max_chars);

  const subject = st.fields.subject;
  const body = st.fields.body;
  subject.field.hidden = !d.has_subject;
  subject.label.textContent = d.subject_label || "Subject";
  body.label.textContent = d.body_label || "Message";
  subject.ta.placeholder = d.subject_placeholder || "";
  body.ta.placeholder = d.body_placeholder || "";

  const scoredSubject = d.subject || "";
  const scoredBody = d.body || "";
  if (st.doc !== d.doc) {
    // A new document (first render, another candidate, "start from…", undo): take Python's text.
    st.doc = d.doc;
    subject.ta.value = scoredSubject;
    body.ta.value = scoredBody;
    st.lastSent = scoredSubject + "\u0000" + scoredBody;
    st.ignoredHere.clear();
    closeCard(st);
  }
  const marks = Array.isArray(d.marks) ? d.marks : [];
  subject.base = scoredSubject;
  body.base = scoredBody;
  subject.baseMarks = marks.filter((m) => m.field === "subject");
  body.baseMarks = marks.filter((m) => m.field === "body");
  subject.mirrorLimit = d.mirror_limit || 0;
  body.mirrorLimit = d.mirror_limit || 0;
  const ignored = new Set(d.ignored || []);
  for (const key of [...st.ignoredHere]) if (ignored.has(key)) st.ignoredHere.delete(key);
  redraw(st, subject);
  redraw(st, body);

  st.words.textContent = String(d.words ?? 0);
  st.marksCount.textContent = String(marks.length);
  const caughtUp = (scoredSubject + "\u0000" + scoredBody) === st.lastSent && !st.timer;
  if (caughtUp) setPending(st, "");
  st.settleMs = Number(d.settle_ms) > 0 ? Number(d.settle_ms) : 0;
  st.settleWanted = st.settleMs > 0;
  if (caughtUp) armSettle(st); else clearTimeout(st.settleTimer);
  st.note.textContent = d.note || "";
  st.note.hidden = !d.note;

  if (st.current) {
    const f = st.fields[st.current.field];
    const again = f.marks.find((m) => m.key === st.current.key);
    if (again) openCard(st, f, again, false); else closeCard(st);
  }
}
