// Sirene's local sandbox: a small chat in the browser. No build step; every word comes from the server.
(function () {
  "use strict";
  const body = document.body;
  const user = body.dataset.user;
  const token = body.dataset.token;
  const labels = JSON.parse(document.getElementById("labels").textContent);
  let channel = new URLSearchParams(location.search).get("channel") || body.dataset.channel;
  const dialog = document.getElementById("dialog");
  const dialogBody = document.getElementById("dialog-body");
  const confirmBox = document.getElementById("confirm");
  const toast = document.getElementById("toast");
  let refreshing = null;
  let again = false;

  async function call(path, data) {
    const response = await fetch("/sandbox/api/" + path, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Sirene-Token": token },
      body: JSON.stringify(Object.assign({ user: user }, data)),
    });
    let answer = {};
    try { answer = await response.json(); } catch (e) { answer = { error: labels.failed }; }
    if (!response.ok) { show(answer.error || labels.failed); return null; }
    return answer;
  }

  function show(text) {
    toast.textContent = text;
    toast.hidden = false;
    clearTimeout(show.timer);
    show.timer = setTimeout(function () { toast.hidden = true; }, 6000);
  }

  async function refresh() {
    if (refreshing) { again = true; return refreshing; }
    refreshing = (async function () {
      do {
        again = false;
        const query = new URLSearchParams({ user: user, channel: channel || "", token: token });
        try {
          const response = await fetch("/sandbox/api/view?" + query.toString());
          if (response.ok) {
            const view = await response.json();
            document.getElementById("channels").innerHTML = view.channels_html;
            const pane = document.getElementById("channel");
            const atBottom = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 40;
            pane.innerHTML = view.channel_html;
            if (atBottom) pane.scrollTop = pane.scrollHeight;
            document.getElementById("message").disabled = !view.writable;
            body.dataset.revision = String(Number(body.dataset.revision || 0) + 1);
          }
        } catch (e) { /* the live stream reconnects and refreshes */ }
      } while (again);
    })();
    await refreshing;
    refreshing = null;
  }

  function handle(answer) {
    if (!answer) return;
    if (answer.notice) show(answer.notice.text);
    if (answer.form) openForm(answer.form.html);
    if (answer.errors) showErrors(answer.errors);
    if (answer.done) { dialogBody.innerHTML = answer.done.html; if (!dialog.open) dialog.showModal(); }
    if (answer.done === null && dialog.open) dialog.close();
    refresh();
  }

  function openForm(html) {
    dialogBody.innerHTML = html;
    if (!dialog.open) dialog.showModal();
    const first = dialogBody.querySelector("input, textarea, select");
    if (first) first.focus();
  }

  function showErrors(errors) {
    dialogBody.querySelectorAll("[data-error-for]").forEach(function (el) { el.textContent = ""; });
    Object.keys(errors).forEach(function (name) {
      const el = dialogBody.querySelector('[data-error-for="' + CSS.escape(name) + '"]')
        || dialogBody.querySelector('[data-error-for=""]');
      if (el) el.textContent = errors[name];
    });
  }

  function formValues(form) {
    const values = {};
    form.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (!el.name) return;
      if (el.type === "checkbox") {
        values[el.name] = values[el.name] || [];
        if (el.checked) values[el.name].push(el.value);
      } else if (el.type === "radio") {
        if (el.checked) values[el.name] = el.value;
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function ask(title, text, yes, no) {
    return new Promise(function (resolve) {
      confirmBox.querySelector("h2").textContent = title;
      confirmBox.querySelector("p").textContent = text;
      const yesButton = confirmBox.querySelector("[data-yes]");
      const noButton = confirmBox.querySelector("[data-no]");
      yesButton.textContent = yes;
      noButton.textContent = no;
      yesButton.onclick = function () { confirmBox.close(); resolve(true); };
      noButton.onclick = function () { confirmBox.close(); resolve(false); };
      confirmBox.oncancel = function () { resolve(false); };
      confirmBox.showModal();
    });
  }

  function editDialog(messageId, text) {
    dialogBody.innerHTML = "";
    const form = document.createElement("form");
    form.className = "sirene-form";
    const title = document.createElement("h2");
    title.textContent = labels.edit_title;
    const area = document.createElement("textarea");
    area.name = "text";
    area.rows = 4;
    area.value = text;
    const buttons = document.createElement("div");
    buttons.className = "form-buttons";
    const cancel = document.createElement("button");
    cancel.type = "button"; cancel.className = "button"; cancel.textContent = labels.cancel;
    cancel.setAttribute("data-cancel", "");
    const save = document.createElement("button");
    save.type = "submit"; save.className = "button primary"; save.textContent = labels.save;
    buttons.append(cancel, save);
    form.append(title, area, buttons);
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      const answer = await call("edit", { message: messageId, text: area.value });
      if (answer) { dialog.close(); refresh(); }
    });
    dialogBody.append(form);
    dialog.showModal();
  }

  function goTo(id) {
    channel = id;
    history.replaceState(null, "", "?" + new URLSearchParams({ as: user, channel: id }).toString());
    refresh();
  }

  document.addEventListener("click", async function (event) {
    const target = event.target.closest("button, a");
    if (!target) return;
    if (target.dataset.channel && target.tagName === "A") { event.preventDefault(); goTo(target.dataset.channel); return; }
    if (target.hasAttribute("data-cancel")) { dialog.close(); refresh(); return; }
    const messageId = target.dataset.message ? Number(target.dataset.message) : null;
    if (target.dataset.action) {
      if (target.dataset.confirmTitle) {
        const yes = await ask(target.dataset.confirmTitle, target.dataset.confirmText,
          target.dataset.confirmYes, target.dataset.confirmNo);
        if (!yes) return;
      }
      target.disabled = true;
      handle(await call("press", { message: messageId, action: target.dataset.action, value: target.dataset.value }));
      return;
    }
    if (target.dataset.react) { handle(await call("react", { message: messageId, name: target.dataset.react })); return; }
    if (target.hasAttribute("data-shortcut")) { handle(await call("shortcut", { message: messageId })); return; }
    if (target.hasAttribute("data-edit")) { editDialog(messageId, target.dataset.text || ""); return; }
    if (target.hasAttribute("data-delete")) {
      if (await ask(labels.delete_confirm, "", labels.yes, labels.no)) handle(await call("delete", { message: messageId }));
    }
  });

  // A form is sent by its submit button (forward) or by one of its moves (back, save and close): what was typed
  // goes with the move, like a button inside a Slack modal.
  async function submitForm(form, move) {
    const buttons = form.querySelectorAll(".form-buttons button:not([data-cancel])");
    buttons.forEach(function (b) { b.disabled = true; });
    const answer = await call("submit", { form: Number(form.dataset.form), values: formValues(form), move: move });
    buttons.forEach(function (b) { b.disabled = false; });
    handle(answer);
  }

  dialog.addEventListener("submit", function (event) {
    const form = event.target.closest("form[data-form]");
    if (!form) return;
    event.preventDefault();
    submitForm(form, null);
  });

  dialog.addEventListener("click", function (event) {
    const button = event.target.closest("button[data-move]");
    const form = button && button.closest("form[data-form]");
    if (form) submitForm(form, button.dataset.move);
  });

  document.getElementById("composer").addEventListener("submit", async function (event) {
    event.preventDefault();
    const input = document.getElementById("message");
    const text = input.value;
    if (!text.trim()) return;
    const key = (self.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
    input.disabled = true;
    const answer = await call("send", { channel: channel, text: text, client_key: key });
    input.disabled = false;
    if (answer) input.value = "";
    input.focus();
    handle(answer);
  });

  document.getElementById("you-are").addEventListener("change", function (event) {
    location.href = "?" + new URLSearchParams({ as: event.target.value, channel: channel || "" }).toString();
  });

  document.getElementById("language").addEventListener("change", async function (event) {
    if (await call("language", { language: event.target.value || null })) location.reload();
  });

  function listen() {
    const live = document.getElementById("live");
    const source = new EventSource("/sandbox/events?" + new URLSearchParams({ token: token }).toString());
    source.addEventListener("changed", function () { live.textContent = live.dataset.online; refresh(); });
    source.onerror = function () { live.textContent = live.dataset.offline; };
  }

  listen();
  refresh();
})();
