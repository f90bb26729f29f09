// Baton web chat: a client of the family API (README, "Family API").
//
// Safety rules this file keeps:
// - text from the server (bot, practitioner or the family's own) is only ever inserted
//   with textContent or as text nodes; there is no innerHTML anywhere;
// - links are recognised in that text and built as <a> elements, only for http and
//   https addresses, always with rel="noopener noreferrer";
// - nothing typed is logged to the console or sent anywhere but the family API.
//
// Robustness: messages are keyed by their server sequence number (seq), so rendering
// the same message twice is impossible; a message is cleared from the box only once
// the server has it, and a retry first checks whether the earlier attempt got through.
"use strict";
(() => {
  // sessionStorage, not localStorage: the conversation id is the only key to the
  // transcript, and families may share a phone with someone they should not have to
  // explain themselves to. The id survives reloads and the "Get help now" page in this
  // tab, and is gone when the tab is closed. See docs/web/README.md.
  const STORAGE_KEY = "baton.conversation";
  // localStorage holds one flag and nothing personal: the privacy line has been read.
  const PRIVACY_SEEN_KEY = "baton.privacyNoticeSeen";
  const MAX_CHARS = 2000;
  const COUNT_FROM = 1800;
  const POLL_MIN_MS = 2000;
  const POLL_MAX_MS = 10000;
  const POLL_HIDDEN_MS = 30000;
  const POLL_ERROR_MAX_MS = 30000;
  const POLL_LIVE_MS = 30000; // a backstop only while the live stream is open
  const GET_TIMEOUT_MS = 15000;
  const POST_TIMEOUT_MS = 45000;

  const TEXT = {
    you: "You",
    assistant: "Assistant",
    sending: "Sending…",
    notSaved: "(not saved)",
    opensInNewTab: " (opens in a new tab)",
    options: "Choose an option",
    offline:
      "You seem to be offline, so your message has not been sent yet. It is still in the box. " +
      "We will send it when you are back online, or you can press Send to try again.",
    offlineChoice:
      "You seem to be offline, so your choice has not been sent yet. " +
      "We will send it when you are back online.",
    cannotReach:
      "We can't reach the assistant just now. We'll keep trying. " +
      "If a child is in danger, call 999.",
    backOnline: "You're back online.",
    tooLong: (count) =>
      `That message is too long. Please keep it under ${MAX_CHARS.toLocaleString("en-GB")} ` +
      `characters (it has ${count.toLocaleString("en-GB")}). Your text is still in the box so ` +
      "you can shorten it or split it into two messages.",
    empty: "Please type a message first.",
    wait: "Please wait a moment: your last message is still being sent.",
    serverProblem:
      "Sorry, something went wrong on our side and your message was not sent. " +
      "It is still in the box: please try again in a moment. If a child is in danger, call 999.",
    ended:
      "Sorry, we could not find this conversation any more, so we have started a new one. " +
      "Your message is still in the box.",
    restarted: "We could not find your earlier conversation, so we have started a new one.",
    charactersLeft: (n) => (n === 1 ? "You have 1 character left" : `You have ${n} characters left`),
    charactersOver: (n) =>
      n === 1 ? "You have 1 character too many" : `You have ${n.toLocaleString("en-GB")} characters too many`,
  };

  const log = document.getElementById("log");
  const list = document.getElementById("transcript");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const status = document.getElementById("status");
  const connection = document.getElementById("connection");
  const errorBox = document.getElementById("message-error");
  const counter = document.getElementById("message-count");

  const state = {
    conversationId: null,
    messages: new Map(), // seq -> message, as the server sent it
    watermark: 0, // every seq up to here has been rendered
    maxSeq: 0,
    pending: null, // the message being sent: {body, label, since, attempts, failed, group}
    sending: false,
    opening: null,
    syncQueue: Promise.resolve(),
    pollTimer: 0,
    pollDelay: POLL_MIN_MS,
    unreachable: false,
    pendingBubble: null,
  };

  // ---- small helpers -------------------------------------------------------------

  class NetworkError extends Error {}
  class HttpError extends Error {
    constructor(statusCode, message) {
      super(message);
      this.status = statusCode;
    }
  }

  function storageGet() {
    try {
      return window.sessionStorage.getItem(STORAGE_KEY);
    } catch (e) {
      return null; // storage turned off: the chat still works, it just won't survive a reload
    }
  }

  function storageSet(value) {
    try {
      if (value) window.sessionStorage.setItem(STORAGE_KEY, value);
      else window.sessionStorage.removeItem(STORAGE_KEY);
    } catch (e) {
      /* see storageGet */
    }
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function charCount(text) {
    return Array.from(text).length; // code points, as the server counts them
  }

  function setError(message) {
    errorBox.textContent = message || "";
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function setStatus(message) {
    status.textContent = message || "";
  }

  function setConnection(message) {
    if (connection.textContent !== (message || "")) connection.textContent = message || "";
  }

  // ---- talking to the family API --------------------------------------------------

  async function call(method, url, body) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), body ? POST_TIMEOUT_MS : GET_TIMEOUT_MS);
    let response;
    try {
      response = await fetch(url, {
        method,
        headers: body ? { "Content-Type": "application/json" } : {},
        body: body ? JSON.stringify(body) : undefined,
        cache: "no-store",
        credentials: "same-origin",
        signal: controller.signal,
      });
    } catch (e) {
      throw new NetworkError("network");
    } finally {
      clearTimeout(timer);
    }
    let data = null;
    try {
      data = await response.json();
    } catch (e) {
      if (response.ok) throw new NetworkError("incomplete response");
    }
    if (!response.ok) {
      throw new HttpError(response.status, data && typeof data.error === "string" ? data.error : "");
    }
    if (!data || typeof data !== "object") throw new NetworkError("unexpected response");
    return data;
  }

  function messagesUrl(after) {
    const base = `/api/conversations/${encodeURIComponent(state.conversationId)}/messages`;
    return after === undefined ? base : `${base}?after=${after}`;
  }

  function openConversation() {
    if (!state.opening) {
      state.opening = (async () => {
        const data = await call("POST", "/api/conversations");
        if (typeof data.conversation_id !== "string") throw new NetworkError("unexpected response");
        state.conversationId = data.conversation_id;
        storageSet(state.conversationId);
        renderAll(data.messages);
      })().finally(() => {
        state.opening = null;
      });
    }
    return state.opening;
  }

  function forgetConversation() {
    stopListening();
    state.conversationId = null;
    storageSet(null);
    state.messages.clear();
    state.watermark = 0;
    state.maxSeq = 0;
    for (const item of Array.from(list.children)) {
      if (!item.classList.contains("pending")) item.remove();
    }
  }

  async function ensureConversation() {
    if (!state.conversationId) await openConversation();
  }

  // Fetch everything after the watermark. Calls run one after another, so a sync asked
  // for after a send always sees what that send stored.
  function sync() {
    const run = state.syncQueue
      .catch(() => {})
      .then(async () => {
        if (!state.conversationId) return 0;
        const data = await call("GET", messagesUrl(state.watermark));
        return renderAll(data.messages);
      });
    state.syncQueue = run;
    return run;
  }

  // ---- rendering -----------------------------------------------------------------

  const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;

  function safeLink(raw) {
    let url;
    try {
      url = new URL(raw);
    } catch (e) {
      return null;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    const link = el("a", "message-link", raw);
    link.href = url.href;
    link.rel = "noopener noreferrer";
    link.target = "_blank";
    link.append(el("span", "visually-hidden", TEXT.opensInNewTab));
    return link;
  }

  // Text with its http(s) addresses turned into links; everything else stays text.
  function appendTextWithLinks(parent, text) {
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      const raw = match[0].replace(/[.,;:!?)\]}]+$/, ""); // sentence punctuation
      const link = safeLink(raw);
      if (!link) continue;
      parent.append(document.createTextNode(text.slice(last, match.index)));
      parent.append(link);
      last = match.index + raw.length;
    }
    parent.append(document.createTextNode(text.slice(last)));
  }

  function teamName(team) {
    const words = String(team || "").replace(/[-_]+/g, " ").trim();
    return words ? `${words.charAt(0).toUpperCase()}${words.slice(1)} team` : "";
  }

  function speaker(message) {
    if (message.from === "family") return TEXT.you;
    if (message.from === "practitioner") {
      const who = message.practitioner;
      if (who && typeof who.name === "string" && who.name) {
        const team = teamName(who.team);
        return team ? `${who.name}, ${team}` : who.name;
      }
      return "Council staff";
    }
    return TEXT.assistant;
  }

  function timeOf(iso) {
    const when = new Date(iso);
    if (Number.isNaN(when.getTime())) return null;
    const time = el("time", "sent-at", when.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }));
    time.dateTime = when.toISOString();
    return time;
  }

  function insertInOrder(item, seq) {
    let before = null;
    for (const child of list.children) {
      if (child.classList.contains("pending") || Number(child.dataset.seq) > seq) {
        before = child;
        break;
      }
    }
    list.insertBefore(item, before);
  }

  function render(message) {
    if (!message || !Number.isInteger(message.seq) || message.seq < 0) return false;
    // seq 0: a reply the server could not store (its database was down), such as the
    // safety signposting. Never deduplicated, never in the history: shown where it came.
    const unsaved = message.seq === 0;
    if (!unsaved && state.messages.has(message.seq)) return false;
    const from = ["family", "bot", "practitioner"].includes(message.from) ? message.from : "bot";
    const text = typeof message.text === "string" ? message.text : "";
    if (!unsaved) {
      state.messages.set(message.seq, { ...message, from, text });
      state.maxSeq = Math.max(state.maxSeq, message.seq);
      while (state.messages.has(state.watermark + 1)) state.watermark += 1;
    }

    const item = el("li", `message from-${from}${unsaved ? " unsaved" : ""}`);
    item.dataset.seq = String(message.seq);
    const header = el("p", "who");
    header.append(el("span", "speaker", speaker(message)));
    const time = timeOf(message.sent_at);
    if (time) header.append(" ", time);
    if (unsaved) header.append(" ", el("span", "not-saved", TEXT.notSaved));
    item.append(header);
    const body = el("p", "text");
    appendTextWithLinks(body, text);
    item.append(body);

    const buttons = Array.isArray(message.buttons) ? message.buttons : [];
    if (from === "bot" && buttons.length && !unsaved) {
      const group = el("div", "options");
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", TEXT.options);
      group.dataset.seq = String(message.seq);
      for (const option of buttons) {
        if (!option || typeof option.payload !== "string") continue;
        const title = typeof option.title === "string" && option.title ? option.title : option.payload;
        const button = el("button", "option", title);
        button.type = "button";
        button.addEventListener("click", () => choose(group, button, option.payload, title));
        group.append(button);
      }
      item.append(group);
    }
    if (unsaved) list.insertBefore(item, state.pendingBubble);
    else insertInOrder(item, message.seq);

    if (from === "family" && state.pending && text === state.pending.label) removePendingBubble();
    return true;
  }

  function renderAll(messages) {
    if (!Array.isArray(messages)) return 0;
    const nearBottom = isNearBottom();
    let added = 0;
    const valid = messages.filter((m) => m && Number.isInteger(m.seq));
    const stored = valid.filter((m) => m.seq > 0).sort((a, b) => a.seq - b.seq);
    for (const message of [...stored, ...valid.filter((m) => m.seq === 0)]) {
      if (render(message)) added += 1;
    }
    if (added) {
      updateOptions();
      if (nearBottom) scrollToEnd();
    }
    return added;
  }

  // Options can be chosen until the family writes again (the server enforces the same).
  function updateOptions() {
    let lastFamily = 0;
    for (const [seq, message] of state.messages) {
      if (message.from === "family" && seq > lastFamily) lastFamily = seq;
    }
    for (const group of list.querySelectorAll(".options")) {
      const stale = Number(group.dataset.seq) < lastFamily || group.dataset.chosen === "true";
      const busy = state.pending && state.pending.group === group && !state.pending.failed;
      for (const button of group.querySelectorAll("button")) button.disabled = Boolean(stale || busy);
    }
  }

  function isNearBottom() {
    const scroller = log.scrollHeight > log.clientHeight + 1 ? log : document.scrollingElement;
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 120;
  }

  // The composer grows when an error or the counter appears, which shrinks the log: a
  // family reading the latest message keeps seeing it.
  function keepLatestInViewWhenResized() {
    let atEnd = true;
    log.addEventListener("scroll", () => {
      atEnd = isNearBottom();
    }, { passive: true });
    if (!("ResizeObserver" in window)) return;
    new ResizeObserver(() => {
      if (atEnd && log.scrollHeight > log.clientHeight + 1) log.scrollTop = log.scrollHeight;
    }).observe(log);
  }

  function scrollToEnd() {
    const last = list.lastElementChild;
    if (log.scrollHeight > log.clientHeight + 1) log.scrollTop = log.scrollHeight;
    else if (last && document.activeElement !== input) last.scrollIntoView({ block: "nearest" });
  }

  function showPendingBubble(label) {
    removePendingBubble();
    const item = el("li", "message from-family pending");
    // The status line already says "Sending…"; the log announces the message once stored.
    item.setAttribute("aria-hidden", "true");
    const header = el("p", "who");
    header.append(el("span", "speaker", TEXT.you), " ", el("span", "sending", TEXT.sending));
    item.append(header);
    const body = el("p", "text");
    body.textContent = label;
    item.append(body);
    list.append(item);
    state.pendingBubble = item;
    scrollToEnd();
  }

  function removePendingBubble() {
    if (state.pendingBubble) state.pendingBubble.remove();
    state.pendingBubble = null;
  }

  // ---- sending -------------------------------------------------------------------

  function delivered(pending) {
    for (const [seq, message] of state.messages) {
      if (seq > pending.since && message.from === "family" && message.text === pending.label) return true;
    }
    return false;
  }

  function putBackInComposer(text) {
    const current = input.value.trim();
    if (current === text) return;
    input.value = current ? `${text}\n${input.value}` : text;
    updateCounter();
  }

  async function send(pending) {
    state.sending = true;
    state.pending = pending;
    pending.failed = false;
    setError("");
    setStatus(TEXT.sending);
    showPendingBubble(pending.label);
    updateOptions();
    try {
      await ensureConversation();
      if (pending.attempts > 0) {
        // The last attempt may have reached the server before the connection dropped.
        await sync();
        if (delivered(pending)) {
          finishSend();
          return;
        }
      }
      pending.attempts += 1;
      const data = await call("POST", messagesUrl(), pending.body);
      try {
        await sync(); // the family's own message, in order, then the replies
      } catch (e) {
        /* the replies below are enough for now; polling catches up */
      }
      const unsavedReplies = Array.isArray(data.messages) && data.messages.some((m) => m && m.seq === 0);
      if (unsavedReplies && !delivered(pending)) {
        // The server answered but could not keep the family's words: show them anyway.
        renderAll([{ seq: 0, from: "family", text: pending.label, sent_at: new Date().toISOString() }]);
      }
      renderAll(data.messages);
      finishSend();
    } catch (error) {
      removePendingBubble();
      failSend(pending, error);
    } finally {
      state.sending = false;
      updateOptions();
    }
  }

  function finishSend() {
    removePendingBubble();
    if (state.pending && state.pending.group) state.pending.group.dataset.chosen = "true";
    state.pending = null;
    setStatus("");
    setConnection("");
    state.unreachable = false;
    pollSoon(POLL_MIN_MS);
  }

  function failSend(pending, error) {
    setStatus("");
    if (pending.body.text !== undefined) putBackInComposer(pending.label);
    if (error instanceof NetworkError) {
      pending.failed = true; // kept, and sent again when the connection is back
      state.unreachable = true;
      setError(pending.body.text !== undefined ? TEXT.offline : TEXT.offlineChoice);
      pollSoon(POLL_MIN_MS);
      return;
    }
    state.pending = null;
    if (error instanceof HttpError && error.status === 413) {
      setError(TEXT.tooLong(charCount(pending.label)));
    } else if (error instanceof HttpError && error.status === 404) {
      forgetConversation();
      setError(TEXT.ended);
      openConversation().catch(() => setConnection(TEXT.cannotReach));
    } else if (error instanceof HttpError && [400, 429].includes(error.status) && error.message) {
      setError(error.message); // the family API's own plain-English message
    } else {
      setError(TEXT.serverProblem);
    }
  }

  function sendComposer() {
    const text = input.value.trim();
    if (state.sending) {
      setStatus(TEXT.wait);
      return;
    }
    if (!text) {
      setError(TEXT.empty);
      input.focus();
      return;
    }
    const count = charCount(text);
    if (count > MAX_CHARS) {
      setError(TEXT.tooLong(count));
      input.focus();
      return;
    }
    const retry = state.pending && state.pending.failed && state.pending.label === text;
    const pending = retry
      ? state.pending
      : { body: { text }, label: text, since: state.maxSeq, attempts: 0, failed: false, group: null };
    input.value = "";
    updateCounter();
    send(pending);
  }

  function choose(group, button, payload, title) {
    if (state.sending || button.disabled) return;
    const keyboard = button.matches(":focus-visible");
    button.classList.add("chosen");
    for (const other of group.querySelectorAll("button")) {
      if (other !== button) other.classList.remove("chosen");
    }
    const retry = state.pending && state.pending.failed && state.pending.group === group &&
      state.pending.body.payload === payload;
    const pending = retry
      ? state.pending
      : { body: { payload }, label: title, since: state.maxSeq, attempts: 0, failed: false, group };
    send(pending);
    // The pressed button is now disabled; keep keyboard users where they can carry on.
    if (keyboard) input.focus();
  }

  // When the connection comes back, a message that failed only for that reason is sent
  // again, once, unless the family has changed what is in the box since.
  function retryPending() {
    const pending = state.pending;
    if (!pending || !pending.failed || state.sending) return;
    if (pending.body.text !== undefined) {
      if (input.value.trim() !== pending.label) return;
      input.value = "";
      updateCounter();
    }
    send(pending);
  }

  // ---- live stream of practitioner replies ---------------------------------------------
  // The gateway's server-sent events (bot/gateway/live.py) bring a practitioner's reply
  // as it is stored. A message from the stream is rendered like any other (deduplicated
  // by seq); the stream is a hint, so a gap before it, or a dropped stream, is filled by
  // polling, which carries on slowly while the stream is open.

  let live = null;

  function listening() {
    return live !== null && live.readyState === EventSource.OPEN;
  }

  function listen() {
    if (live || !state.conversationId || document.hidden || typeof EventSource !== "function") return;
    const id = state.conversationId;
    // The stream starts with anything stored after the watermark (and, when the browser
    // reconnects by itself, after the last event it had), so nothing falls between.
    live = new EventSource(
      `/api/conversations/${encodeURIComponent(id)}/live?after=${state.watermark}`
    );
    live.onmessage = (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (e) {
        return;
      }
      if (id !== state.conversationId || !message || !Number.isInteger(message.seq)) return;
      renderAll([message]);
      if (message.seq > state.watermark) pollSoon(0); // something came before it: fetch
    };
    live.onerror = () => {
      // The browser reconnects by itself; a closed stream (e.g. a 404) is reopened by
      // the next successful poll. A dropped stream may mean the gateway went away: poll
      // now, so the family is told at once rather than at the slow backstop.
      if (live && live.readyState === EventSource.CLOSED) stopListening();
      if (!state.unreachable) pollSoon(0);
    };
  }

  function stopListening() {
    if (live) live.close();
    live = null;
  }

  document.addEventListener("visibilitychange", () => {
    if (document.hidden) {
      stopListening(); // a background tab keeps no connection open
    } else {
      listen();
      pollSoon(0);
    }
  });

  // ---- polling: the history, and replies when the stream is not open -----------------

  function pollSoon(delay) {
    clearTimeout(state.pollTimer);
    state.pollTimer = setTimeout(poll, delay);
  }

  async function poll() {
    let delay;
    try {
      if (!state.conversationId) {
        await start();
      } else {
        const added = await sync();
        state.pollDelay = added ? POLL_MIN_MS : Math.min(state.pollDelay * 1.5, POLL_MAX_MS);
      }
      if (state.unreachable) {
        state.unreachable = false;
        setConnection("");
        if (state.pending && state.pending.failed) {
          setError("");
          setStatus(TEXT.backOnline);
          retryPending();
        }
      }
      listen();
      delay = document.hidden ? Math.max(state.pollDelay, POLL_HIDDEN_MS) : state.pollDelay;
      if (listening()) delay = Math.max(delay, POLL_LIVE_MS);
    } catch (error) {
      if (error instanceof HttpError && error.status === 404) {
        forgetConversation();
        setConnection(TEXT.restarted);
        delay = 0;
      } else {
        state.unreachable = true;
        if (!(state.pending && state.pending.failed)) setConnection(TEXT.cannotReach);
        state.pollDelay = Math.min(state.pollDelay * 2, POLL_ERROR_MAX_MS);
        delay = state.pollDelay;
      }
    }
    pollSoon(delay);
  }

  // ---- composer ------------------------------------------------------------------

  function updateCounter() {
    const count = charCount(input.value);
    if (count < COUNT_FROM) {
      counter.textContent = "";
      counter.classList.remove("over");
      return;
    }
    const left = MAX_CHARS - count;
    counter.textContent = left >= 0 ? TEXT.charactersLeft(left) : TEXT.charactersOver(-left);
    counter.classList.toggle("over", left < 0);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    sendComposer();
  });

  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    sendComposer();
  });

  input.addEventListener("input", () => {
    updateCounter();
    if (errorBox.textContent && !(state.pending && state.pending.failed)) setError("");
  });

  window.addEventListener("online", () => {
    state.pollDelay = POLL_MIN_MS;
    pollSoon(0);
  });
  window.addEventListener("offline", () => {
    state.unreachable = true;
  });
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) pollSoon(0);
  });

  // ---- the privacy line: shown until the family says they have read it -------------

  function showPrivacyBannerOnce() {
    const banner = document.getElementById("privacy-banner");
    const ok = document.getElementById("privacy-ok");
    if (!banner || !ok) return;
    let seen = false;
    try {
      seen = window.localStorage.getItem(PRIVACY_SEEN_KEY) === "1";
    } catch (e) {
      /* storage turned off: show it every time */
    }
    if (seen) return;
    banner.hidden = false;
    ok.addEventListener("click", () => {
      try {
        window.localStorage.setItem(PRIVACY_SEEN_KEY, "1");
      } catch (e) {
        /* see above */
      }
      banner.hidden = true;
      input.focus();
    });
  }

  // ---- start ---------------------------------------------------------------------

  async function start() {
    state.conversationId = state.conversationId || storageGet();
    if (state.conversationId) {
      try {
        await sync(); // the whole history after a reload: ?after=0
        return;
      } catch (error) {
        if (!(error instanceof HttpError && error.status === 404)) throw error;
        forgetConversation();
        setConnection(TEXT.restarted);
      }
    }
    await openConversation();
  }

  showPrivacyBannerOnce();
  keepLatestInViewWhenResized();
  log.setAttribute("aria-busy", "true");
  start()
    .catch(() => {
      state.unreachable = true;
      setConnection(TEXT.cannotReach);
    })
    .finally(() => {
      log.setAttribute("aria-busy", "false");
      scrollToEnd();
      listen();
      pollSoon(state.unreachable ? POLL_MIN_MS : state.pollDelay);
    });
})();
