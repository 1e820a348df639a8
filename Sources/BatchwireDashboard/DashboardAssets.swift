/// The dashboard's one script and its style sheet, served from the binary (no CDN, no build step).
enum DashboardAssets {
    /// Live updates and the operation buttons.
    ///
    /// - Listens to `/api/v1/events` (server-sent events) and, after each burst of events, fetches the page it
    ///   shows again and swaps its `<main>` (rendered and escaped by the server), keeping what was typed in
    ///   its fields. No polling: nothing is fetched while nothing happens.
    /// - Sends operations as JSON with the token from the token field (`Authorization: Bearer`), kept in the
    ///   tab's session storage, never in a cookie. Results and errors are shown as text, never as HTML.
    static let script = #"""
        "use strict";
        (function () {
          const tokenKey = "batchwire.operatorToken";
          const message = () => document.getElementById("message");
          function say(text, isError) {
            const box = message();
            if (!box) return;
            box.textContent = text;
            box.className = isError ? "error" : "ok";
          }
          function token() {
            const field = document.getElementById("token");
            return field ? field.value : "";
          }
          function inputFor(kind, key) {
            for (const input of document.querySelectorAll("input." + kind)) {
              if (input.dataset.for === key) return input;
            }
            return null;
          }
          async function refresh() {
            const response = await fetch(location.href, { headers: { "Accept": "text/html" }, cache: "no-store" });
            if (!response.ok) return;
            const next = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("live");
            const current = document.getElementById("live");
            if (!next || !current) return;
            const typed = new Map();
            for (const input of current.querySelectorAll("input")) {
              typed.set(input.className + "|" + (input.dataset.for || input.name || ""), input.value);
            }
            current.replaceChildren(...next.childNodes);
            for (const input of current.querySelectorAll("input")) {
              const key = input.className + "|" + (input.dataset.for || input.name || "");
              if (typed.has(key)) input.value = typed.get(key);
            }
          }
          let pending = null;
          function refreshSoon() {
            if (pending) return;
            pending = setTimeout(() => { pending = null; refresh().catch(() => {}); }, 150);
          }
          async function operate(button) {
            const verb = button.dataset.op;
            const body = {};
            if (button.dataset.job) body.job = button.dataset.job;
            if (button.dataset.execution) body.executionId = Number(button.dataset.execution);
            if (button.dataset.schedule) body.schedule = button.dataset.schedule;
            if (verb === "start") {
              const field = inputFor("params", button.dataset.job);
              body.parameters = field && field.value.trim() ? field.value.trim().split(/\s+/) : [];
            }
            if (verb === "pause") {
              const field = inputFor("reason", button.dataset.schedule);
              if (field && field.value.trim()) body.reason = field.value.trim();
            }
            const response = await fetch("/api/v1/operations/" + encodeURIComponent(verb), {
              method: "POST",
              headers: { "Content-Type": "application/json", "Authorization": "Bearer " + token() },
              body: JSON.stringify(body),
            });
            const result = await response.json().catch(() => ({}));
            if (!response.ok) {
              say(verb + " refused: " + ((result.error && result.error.message) || response.status), true);
              return;
            }
            say(verb + " done" + (result.executionId ? ": execution " + result.executionId : "")
              + (result.status ? " (" + result.status + ")" : ""), false);
            refreshSoon();
          }
          document.addEventListener("click", (event) => {
            const button = event.target.closest("button[data-op]");
            if (!button) return;
            event.preventDefault();
            operate(button).catch((error) => say(String(error), true));
          });
          document.addEventListener("DOMContentLoaded", () => {
            const field = document.getElementById("token");
            if (field) {
              field.value = sessionStorage.getItem(tokenKey) || "";
              field.addEventListener("input", () => sessionStorage.setItem(tokenKey, field.value));
            }
            const state = document.getElementById("live-state");
            const source = new EventSource("/api/v1/events");
            source.onopen = () => { if (state) { state.textContent = "live"; state.className = "live on"; } };
            source.onerror = () => { if (state) { state.textContent = "reconnecting"; state.className = "live off"; } };
            source.onmessage = () => refreshSoon();
          });
        })();
        """#

    /// The style sheet.
    static let style = """
        body { font: 14px/1.4 system-ui, sans-serif; margin: 0; color: #1d232a; background: #f7f8fa; }
        header { display: flex; gap: 1.5em; align-items: center; padding: .6em 1.2em; background: #1d2b3a; color: #fff; }
        header a { color: #cfe3ff; text-decoration: none; margin-right: 1em; }
        header a.active { color: #fff; font-weight: 600; border-bottom: 2px solid #fff; }
        header .node, header .readonly { color: #9fb3c8; }
        header .live.on { color: #7ee08a; } header .live.off { color: #f0a35e; }
        main { padding: 0 1.2em 2em; }
        table { border-collapse: collapse; width: 100%; background: #fff; margin: .5em 0 1.5em; }
        th, td { text-align: left; padding: .35em .6em; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
        th { background: #eef1f5; font-weight: 600; }
        .muted { color: #6b7785; font-size: 12px; }
        .status { font-weight: 600; }
        .COMPLETED { color: #1f7a35; } .FAILED, .UNKNOWN { color: #b3261e; }
        .STARTED, .STARTING, .STOPPING { color: #1357b0; } .STOPPED, .ABANDONED { color: #8a5a00; }
        .paused { color: #8a5a00; font-weight: 600; }
        pre { background: #fff; border: 1px solid #e3e6ea; padding: .6em; white-space: pre-wrap; max-height: 24em; overflow: auto; }
        #message { margin: .6em 1.2em; min-height: 1.2em; } #message.error { color: #b3261e; } #message.ok { color: #1f7a35; }
        form.filter { display: flex; flex-wrap: wrap; gap: .8em; margin: .5em 0; }
        input.params, input.reason { width: 9em; }
        .error { color: #b3261e; }
        """
}
