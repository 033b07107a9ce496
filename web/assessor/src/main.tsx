// Start: the signed-in assessor from the tablet's storage, the outbox's triggers, the service
// worker that keeps this app's files for starts with no signal, then the screens.
import { render } from "preact";
import { App } from "./app";
import { loadSession } from "./session";
import { startSync } from "./sync";

async function start(): Promise<void> {
  await loadSession();
  startSync();
  render(<App />, document.getElementById("app")!);
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("./sw.js", { scope: "./" }).catch(() => undefined);
  }
}

void start();
