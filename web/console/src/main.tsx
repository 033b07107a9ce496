// The console's start: the screens for whoever is signed in (sessionStorage), desktop-first.
import { render } from "preact";
import { App } from "./app";

render(<App />, document.getElementById("app")!);
