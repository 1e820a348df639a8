#!/usr/bin/env python3
"""Drives the dashboard of a real `batchwire serve` in headless Chromium (Debian's package) over the
DevTools protocol: the jobs page lists the example jobs; starting a job from the page makes its execution
appear and reach COMPLETED without a reload; a running execution's steps advance on its page without a
reload; a run started by another process on the same database (`batchwire start-next`, so it reaches this node
only through the shared outbox) shows live; a COMPLETED execution offers no restart; stop and restart work; a pause shows its reason; a job named
<script>alert(1)</script> renders as text. Saves a screenshot of each page under --out.

    python3 Tests/BrowserTests/dashboard_browser_test.py --batchwire .build/debug/batchwire --out .build/dashboard-screenshots

Needs `chromium` and the `websocket-client` package (scripts/deps.sh --servers installs both).
"""
import argparse
import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # websocket-client

TOKEN = "browser-test-operator-token-0123456789"
HOSTILE = "<script>alert(1)</script>"
REASON = 'db migration "tonight" <b>bold</b>'

JOBS_YAML = """
jobs:
  - name: "<script>alert(1)</script>"
    description: "say \\"hi\\" & 'bye'\\nsecond line"
    incrementer: run-id
    steps:
      - name: say
        command: ["/bin/echo", "<script>alert(2)</script>"]
  - name: browser-hello
    description: Says hello, slowly.
    incrementer: run-id
    steps:
      - name: first
        command: ["/bin/sh", "-c", "echo hello; sleep 1"]
      - name: second
        command: ["/bin/sh", "-c", "echo world; sleep 1"]
  - name: browser-steps
    description: Three steps of three seconds.
    incrementer: run-id
    steps:
      - name: one
        command: ["/bin/sh", "-c", "echo one; sleep 3"]
      - name: two
        command: ["/bin/sh", "-c", "echo two; sleep 3"]
      - name: three
        command: ["/bin/sh", "-c", "echo three; sleep 3"]
  - name: browser-sleeper
    description: Sleeps until stopped.
    incrementer: run-id
    restartable: true
    steps:
      - name: nap
        command: ["/bin/sh", "-c", "sleep 120"]
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(what, condition, seconds=30):
    deadline = time.time() + seconds
    last = None
    while time.time() < deadline:
        try:
            last = condition()
            if last:
                return last
        except Exception as error:  # the page may be navigating
            last = error
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


class Browser:
    """One page of a headless Chromium, driven over the DevTools protocol."""

    def __init__(self, chromium, profile):
        self.port = free_port()
        self.process = subprocess.Popen(
            [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
             f"--remote-debugging-port={self.port}", "--remote-allow-origins=*", f"--user-data-dir={profile}",
             "--window-size=1500,1000", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        targets = wait_for("Chromium's DevTools endpoint", lambda: [
            t for t in json.load(urllib.request.urlopen(f"http://127.0.0.1:{self.port}/json/list", timeout=2))
            if t["type"] == "page"])
        self.socket = websocket.create_connection(targets[0]["webSocketDebuggerUrl"], timeout=60, suppress_origin=True)
        self.next_id = 0
        self.call("Page.enable")
        self.call("Runtime.enable")

    def call(self, method, **params):
        self.next_id += 1
        self.socket.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def eval(self, expression):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url):
        self.call("Page.navigate", url=url)
        wait_for(f"{url} to load", lambda: self.eval("document.readyState") == "complete"
                 and self.eval("location.href") == url)
        wait_for("the event stream", lambda: self.eval("document.getElementById('live-state').className") == "live on")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
        with open(path, "wb") as file:
            file.write(base64.b64decode(data))

    def close(self):
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            self.process.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batchwire", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    arguments = parser.parse_args()
    repository = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    os.makedirs(arguments.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="batchwire-browser-")
    schedules = os.path.join(work, "schedules")
    shutil.copytree(os.path.join(repository, "schedules"), schedules)
    with open(os.path.join(schedules, "browser-test.yaml"), "w") as file:
        file.write(JOBS_YAML)
    port = free_port()
    environment = dict(os.environ)
    for name in list(environment):
        if name.startswith("BATCHWIRE_"):
            del environment[name]
    environment.update({
        "BATCHWIRE_DATABASE_URL": f"sqlite:{work}/batchwire.sqlite", "BATCHWIRE_SCHEDULES_DIR": schedules,
        "BATCHWIRE_HTTP_PORT": str(port), "BATCHWIRE_HTTP_OPERATOR_TOKEN": TOKEN, "BATCHWIRE_NODE_ID": "browser-node",
        "BATCHWIRE_LOG_DIR": os.path.join(work, "logs"), "BATCHWIRE_SHUTDOWN_GRACE": "2",
    })
    log = open(os.path.join(arguments.out, "serve.log"), "w")
    serve = subprocess.Popen([arguments.batchwire, "serve"], cwd=work, env=environment, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}"
    browser = None
    passed = failed = 0

    def check(name, body):
        nonlocal passed, failed
        try:
            body()
            passed += 1
            print(f"ok: {name}")
        except Exception as error:
            failed += 1
            print(f"FAILED: {name}: {error}")
            if browser:
                browser.screenshot(os.path.join(arguments.out, f"failed-{name}.png"))

    try:
        wait_for("batchwire serve", lambda: urllib.request.urlopen(base + "/health", timeout=2).status == 200)
        browser = Browser(arguments.chromium, os.path.join(work, "chromium"))
        out = arguments.out

        def jobs_page():
            browser.open(base + "/")
            names = browser.eval("[...document.querySelectorAll('tr.job')].map(r => r.dataset.job)")
            for job in ["heartbeat", "inventory-sync", "month-end-close", "ledger-reconcile", "orders-export",
                        "browser-hello", HOSTILE]:
                assert job in names, f"{job} not listed: {names}"
            browser.screenshot(os.path.join(out, "jobs.png"))

        def hostile_name_is_text():
            link = browser.eval(f"document.querySelector('tr.job[data-job=\"{HOSTILE}\"] a.job-name').textContent")
            assert link == HOSTILE, link
            assert browser.eval("document.scripts.length") == 1, "a script element came from a value"
            description = browser.eval(f"document.querySelector('tr.job[data-job=\"{HOSTILE}\"] .muted').textContent")
            assert description == "say \"hi\" & 'bye'\nsecond line", repr(description)

        def start_without_reload():
            browser.eval(f"document.getElementById('token').value = '{TOKEN}'; "
                         "document.getElementById('token').dispatchEvent(new Event('input')); window.__noReload = 42")
            browser.eval("document.querySelector('button[data-op=\"start-next\"][data-job=\"browser-hello\"]').click()")
            row = "document.querySelector('tr.job[data-job=\"browser-hello\"] a.status')"
            wait_for("the run to appear", lambda: browser.eval(f"{row} && {row}.textContent") in ("STARTING", "STARTED"), 15)
            browser.screenshot(os.path.join(out, "jobs-running.png"))
            wait_for("COMPLETED", lambda: browser.eval(f"{row} && {row}.textContent") == "COMPLETED", 30)
            assert browser.eval("window.__noReload") == 42, "the page was reloaded"
            browser.screenshot(os.path.join(out, "jobs-after-start.png"))
            execution = browser.eval(f"{row}.dataset.execution")
            browser.open(f"{base}/executions/{execution}")
            steps = browser.eval("[...document.querySelectorAll('tr.step td:nth-child(2)')].map(c => c.textContent)")
            assert steps == ["COMPLETED", "COMPLETED"], steps
            assert "hello" in browser.eval("document.querySelector('pre.log').textContent")
            buttons = browser.eval("[...document.querySelectorAll('button[data-op]')].map(b => b.dataset.op)")
            assert buttons == [], f"a COMPLETED execution offers {buttons}"
            browser.screenshot(os.path.join(out, "execution.png"))

        def steps_advance_live():
            browser.open(base + "/")
            browser.eval("document.querySelector('button[data-op=\"start-next\"][data-job=\"browser-steps\"]').click()")
            text = "document.getElementById('message').textContent"
            message = wait_for("the start", lambda: "start-next done" in browser.eval(text) and browser.eval(text), 15)
            execution = message.split("execution ")[1].split(" ")[0]
            browser.open(f"{base}/executions/{execution}")
            browser.eval("window.__noReload = 11")
            rows = "[...document.querySelectorAll('tr.step')].map(r => r.cells[0].textContent + ' ' + r.cells[1].textContent)"
            status = "document.getElementById('execution-status').textContent"
            seen = []

            def steps_are(expected):
                def check_rows():
                    current = browser.eval(rows)
                    if not seen or seen[-1] != current:
                        seen.append(current)
                    return current == expected
                return check_rows

            wait_for("step one STARTED", steps_are(["one STARTED"]), 15)
            assert browser.eval(status) == "STARTED", browser.eval(status)
            browser.screenshot(os.path.join(out, "steps-1-started.png"))
            wait_for("step two appearing", steps_are(["one COMPLETED", "two STARTED"]), 15)
            browser.screenshot(os.path.join(out, "steps-2-started.png"))
            wait_for("step three appearing", steps_are(["one COMPLETED", "two COMPLETED", "three STARTED"]), 15)
            browser.screenshot(os.path.join(out, "steps-3-started.png"))
            wait_for("COMPLETED", lambda: browser.eval(status) == "COMPLETED"
                     and steps_are(["one COMPLETED", "two COMPLETED", "three COMPLETED"])(), 15)
            assert browser.eval("window.__noReload") == 11, "the page was reloaded"
            assert browser.eval("document.querySelector('button[data-op=\"restart\"]')") is None
            browser.screenshot(os.path.join(out, "steps-completed.png"))
            print(f"  steps seen: {seen}")

        def other_process_run_live():
            browser.open(base + "/")
            browser.eval("window.__noReload = 13")
            row = "document.querySelector('tr.job[data-job=\"browser-hello\"] a.status')"
            before = browser.eval(f"{row}.dataset.execution")
            cli = dict(environment)
            del cli["BATCHWIRE_HTTP_PORT"], cli["BATCHWIRE_HTTP_OPERATOR_TOKEN"]
            cli["BATCHWIRE_NODE_ID"] = "cli-node"
            finished = subprocess.run([arguments.batchwire, "start-next", "browser-hello", "--wait"], cwd=work,
                                      env=cli, capture_output=True, text=True, timeout=60)
            assert finished.returncode == 0, finished.stdout + finished.stderr
            wait_for("the other process's run", lambda: browser.eval(f"{row}.dataset.execution") != before
                     and browser.eval(f"{row}.textContent") == "COMPLETED", 15)
            assert browser.eval("window.__noReload") == 13, "the page was reloaded"
            browser.screenshot(os.path.join(out, "jobs-other-process.png"))

        def hostile_run_is_text():
            browser.open(base + "/")
            browser.eval(f"document.querySelector('button[data-op=\"start-next\"][data-job=\"{HOSTILE}\"]').click()")
            row = f"document.querySelector('tr.job[data-job=\"{HOSTILE}\"] a.status')"
            wait_for("the hostile job to complete", lambda: browser.eval(f"{row} && {row}.textContent") == "COMPLETED", 30)
            browser.open(f"{base}/executions/{browser.eval(row + '.dataset.execution')}")
            assert "<script>alert(2)</script>" in browser.eval("document.querySelector('pre.log').textContent")
            assert browser.eval("document.scripts.length") == 1
            browser.screenshot(os.path.join(out, "execution-hostile.png"))

        def stop_and_restart():
            browser.open(base + "/")
            browser.eval("document.querySelector('button[data-op=\"start-next\"][data-job=\"browser-sleeper\"]').click()")
            row = "document.querySelector('tr.job[data-job=\"browser-sleeper\"] a.status')"
            wait_for("the sleeper to start", lambda: browser.eval(f"{row} && {row}.textContent") == "STARTED", 20)
            first = browser.eval(f"{row}.dataset.execution")
            browser.open(f"{base}/executions/{first}")
            browser.eval("window.__noReload = 7; document.querySelector('button[data-op=\"stop\"]').click()")
            status = "document.getElementById('execution-status').textContent"
            wait_for("STOPPED", lambda: browser.eval(status) == "STOPPED", 30)
            assert browser.eval("window.__noReload") == 7, "the page was reloaded"
            buttons = browser.eval("[...document.querySelectorAll('button[data-op]')].map(b => b.dataset.op)")
            assert buttons == ["restart", "abandon"], f"a STOPPED execution offers {buttons}"
            browser.screenshot(os.path.join(out, "execution-stopped.png"))
            browser.eval("document.querySelector('button[data-op=\"restart\"]').click()")
            message = wait_for("the restart", lambda: "restart done" in browser.eval(
                "document.getElementById('message').textContent") and browser.eval(
                "document.getElementById('message').textContent"), 15)
            second = message.split("execution ")[1].split(" ")[0]
            assert second != first, message
            browser.open(f"{base}/executions/{first}")
            buttons = browser.eval("[...document.querySelectorAll('button[data-op]')].map(b => b.dataset.op)")
            assert buttons == ["abandon"], f"the restarted (no longer newest) execution offers {buttons}"
            browser.open(f"{base}/executions/{second}")
            wait_for("the restart to run", lambda: browser.eval(status) == "STARTED", 20)
            browser.screenshot(os.path.join(out, "execution-restarted.png"))
            browser.eval("document.querySelector('button[data-op=\"stop\"]').click()")
            wait_for("the restart to stop", lambda: browser.eval(status) == "STOPPED", 30)

        def pause_shows_reason():
            browser.open(base + "/schedules")
            reason = json.dumps(REASON)
            browser.eval("window.__noReload = 9; document.querySelector('input.reason[data-for^=\"inventory-sync\"]').value = "
                         f"{reason}; document.querySelector('button[data-op=\"pause\"][data-schedule^=\"inventory-sync\"]').click()")
            cell = "document.querySelector('tr.schedule[data-schedule^=\"inventory-sync\"] .reason')"
            wait_for("the reason", lambda: browser.eval(f"{cell} && {cell}.textContent") == REASON, 15)
            assert browser.eval("window.__noReload") == 9, "the page was reloaded"
            browser.screenshot(os.path.join(out, "schedules.png"))
            browser.open(base + "/")
            shown = browser.eval("document.querySelector('tr.job[data-job=\"inventory-sync\"] .reason').textContent")
            assert shown == REASON, shown
            browser.screenshot(os.path.join(out, "jobs-paused.png"))

        def other_pages():
            browser.open(base + "/executions")
            assert browser.eval("document.querySelectorAll('tr.execution').length") >= 4
            browser.screenshot(os.path.join(out, "executions.png"))
            browser.open(base + "/nodes")
            assert "browser-node" in browser.eval("document.getElementById('nodes').textContent")
            browser.screenshot(os.path.join(out, "nodes.png"))

        for name, body in [("jobs page lists the example jobs", jobs_page),
                           ("a <script> job name renders as text", hostile_name_is_text),
                           ("start from the page reaches COMPLETED without a reload", start_without_reload),
                           ("a running execution's steps advance without a reload", steps_advance_live),
                           ("a run of another process shows live", other_process_run_live),
                           ("a <script> log line renders as text", hostile_run_is_text),
                           ("stop and restart from the page", stop_and_restart),
                           ("pause shows its reason", pause_shows_reason),
                           ("executions and nodes pages", other_pages)]:
            check(name, body)
    finally:
        if browser:
            browser.close()
        serve.send_signal(signal.SIGTERM)
        try:
            serve.wait(timeout=30)
        except subprocess.TimeoutExpired:
            serve.kill()
        log.close()
        shutil.rmtree(work, ignore_errors=True)
    print("dashboard browser test done")
    print(f"browser: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
