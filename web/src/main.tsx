// Start: the session from the phone's storage, the outbox's triggers, the service worker that
// keeps the app shell for offline starts, then the screens.
import { render } from "preact";
import { App } from "./app";
import { startOutbox } from "./outbox";
import { loadSession } from "./session";

async function start(): Promise<void> {
  await loadSession();
  startOutbox();
  render(<App />, document.getElementById("app")!);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("./sw.js").catch(() => undefined); // the app works without it, online
  }
}

void start();
