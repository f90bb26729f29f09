// Minimal web chat over the family API. Text is always inserted with textContent.
"use strict";
(() => {
  const transcript = document.getElementById("transcript");
  const status = document.getElementById("status");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  let conversationId = sessionStorage.getItem("baton.conversation");
  let lastSeq = 0;
  const seen = new Set();

  function render(message) {
    if (seen.has(message.seq)) return;
    seen.add(message.seq);
    lastSeq = Math.max(lastSeq, message.seq);
    const item = document.createElement("li");
    item.className = "from-" + message.from;
    const who = document.createElement("span");
    who.className = "who";
    if (message.from === "practitioner" && message.practitioner) {
      who.textContent = message.practitioner.name + " (" + message.practitioner.team + ")";
    } else {
      who.textContent = message.from === "family" ? "You" : "Assistant";
    }
    item.appendChild(who);
    item.appendChild(document.createTextNode(message.text));
    if (message.buttons && message.buttons.length) {
      const group = document.createElement("div");
      group.className = "buttons";
      for (const button of message.buttons) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = button.title;
        b.addEventListener("click", () => send({ payload: button.payload }));
        group.appendChild(b);
      }
      item.appendChild(group);
    }
    transcript.appendChild(item);
  }

  async function call(method, url, body) {
    const response = await fetch(url, {
      method,
      headers: body ? { "Content-Type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw Object.assign(new Error(data.error || "Something went wrong."), { status: response.status });
    return data;
  }

  async function fetchNew() {
    if (!conversationId) return;
    const data = await call("GET", `/api/conversations/${conversationId}/messages?after=${lastSeq}`);
    data.messages.forEach(render);
  }

  async function start() {
    if (conversationId) {
      try { await fetchNew(); return; } catch (e) { if (e.status !== 404) throw e; }
    }
    const data = await call("POST", "/api/conversations");
    conversationId = data.conversation_id;
    sessionStorage.setItem("baton.conversation", conversationId);
    data.messages.forEach(render);
  }

  async function send(body) {
    status.textContent = "Sending…";
    try {
      await call("POST", `/api/conversations/${conversationId}/messages`, body);
      await fetchNew();
      status.textContent = "";
    } catch (e) {
      status.textContent = e.message + " Your message was not lost: please try again.";
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send({ text });
  });

  start().catch((e) => { status.textContent = "Sorry, the assistant is not available right now. If a child is in danger, call 999."; });
  setInterval(() => fetchNew().catch(() => {}), 3000);
})();
