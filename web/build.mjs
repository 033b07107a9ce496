// Builds the candidate app into dist/: one JS bundle and one CSS file named by their content
// hash, index.html pointing at them, the manifest and icons, and the service worker with this
// build's version and the list of files it keeps for offline starts. Prints the budget check.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { iconPng } from "./tools/icon.mjs";
import { buildConsole } from "./console/build.mjs";
import { buildAssessor } from "./assessor/build.mjs";

const ROOT = dirname(fileURLToPath(import.meta.url));
const DIST = join(ROOT, "dist");
const BUDGET_GZIP = 100 * 1024; // issue 12: initial JavaScript <= 100 KB gzipped

rmSync(DIST, { recursive: true, force: true });
mkdirSync(DIST, { recursive: true });

const app = await build({
  entryPoints: { app: join(ROOT, "src/main.tsx"), styles: join(ROOT, "src/styles.css") },
  bundle: true,
  minify: true,
  format: "esm",
  target: ["chrome90", "firefox90", "safari15"],
  jsx: "automatic",
  jsxImportSource: "preact",
  entryNames: "[name]-[hash]",
  outdir: join(DIST, "assets"),
  metafile: true,
  legalComments: "none",
  logLevel: "warning",
});
const outputs = Object.keys(app.metafile.outputs).map((path) => "assets/" + basename(path));
const js = outputs.find((f) => f.endsWith(".js"));
const css = outputs.find((f) => f.endsWith(".css"));

const html = readFileSync(join(ROOT, "public/index.html"), "utf8").replace("{{js}}", js).replace("{{css}}", css);
writeFileSync(join(DIST, "index.html"), html);
copyFileSync(join(ROOT, "public/manifest.webmanifest"), join(DIST, "manifest.webmanifest"));
for (const size of [192, 512]) writeFileSync(join(DIST, `icon-${size}.png`), iconPng(size));

const shell = ["./", js, css, "manifest.webmanifest", "icon-192.png", "icon-512.png"];
const version = createHash("sha256")
  .update(shell.map((f) => (f === "./" ? html : readFileSync(join(DIST, f)))).join("\0"))
  .digest("hex")
  .slice(0, 12);
await build({
  entryPoints: [join(ROOT, "src/sw.ts")],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["chrome90"],
  outfile: join(DIST, "sw.js"),
  define: { __VERSION__: JSON.stringify(version), __PRECACHE__: JSON.stringify(shell) },
  logLevel: "warning",
});

const gzipped = gzipSync(readFileSync(join(DIST, js)), { level: 9 }).length;
writeFileSync(join(DIST, "build.json"), JSON.stringify({ version, js, css, js_gzip_bytes: gzipped }, null, 2));
console.log(`[web] built ${version}: ${js} ${(gzipped / 1024).toFixed(1)} KB gzipped (budget ${BUDGET_GZIP / 1024} KB)`);
if (gzipped > BUDGET_GZIP) {
  console.error("[web] initial JavaScript is over the budget");
  process.exit(1);
}

// The operator and LSP console (web/console), a page of its own at /console/.
await buildConsole(ROOT, DIST);

// The assessor app (web/assessor), tablet-first and offline-first, at /assessor/.
await buildAssessor(ROOT, DIST);
