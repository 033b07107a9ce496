// Builds the assessor app into dist/assessor/: its page, manifest and service worker (which keeps
// this build's files for starts with no signal), and one JS and one CSS file in dist/assets/
// named by their content hash. Called by web/build.mjs after the candidate app and the console.
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";

export async function buildAssessor(root, dist) {
  const result = await build({
    entryPoints: {
      assessor: join(root, "assessor/src/main.tsx"),
      "assessor-styles": join(root, "assessor/src/styles.css"),
    },
    bundle: true,
    minify: true,
    format: "esm",
    target: ["chrome90", "firefox90", "safari15"],
    jsx: "automatic",
    jsxImportSource: "preact",
    entryNames: "[name]-[hash]",
    outdir: join(dist, "assets"),
    metafile: true,
    legalComments: "none",
    logLevel: "warning",
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) => "assets/" + basename(path));
  const js = outputs.find((f) => f.endsWith(".js"));
  const css = outputs.find((f) => f.endsWith(".css"));
  // The page lives at /assessor/: its assets are one folder up.
  const html = readFileSync(join(root, "assessor/index.html"), "utf8")
    .replace("{{js}}", "../" + js)
    .replace("{{css}}", "../" + css);
  const out = join(dist, "assessor");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "index.html"), html);
  copyFileSync(join(root, "assessor/manifest.webmanifest"), join(out, "manifest.webmanifest"));

  // What the service worker keeps, relative to /assessor/sw.js.
  const shell = ["./", "manifest.webmanifest", "../" + js, "../" + css, "../icon-192.png"];
  const version = createHash("sha256")
    .update([html, readFileSync(join(dist, js)), readFileSync(join(dist, css))].join("\0"))
    .digest("hex")
    .slice(0, 12);
  await build({
    entryPoints: [join(root, "assessor/src/sw.ts")],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["chrome90"],
    outfile: join(out, "sw.js"),
    define: { __VERSION__: JSON.stringify(version), __PRECACHE__: JSON.stringify(shell) },
    logLevel: "warning",
  });
  const gzipped = gzipSync(readFileSync(join(dist, js)), { level: 9 }).length;
  writeFileSync(join(out, "build.json"), JSON.stringify({ version, js, css, js_gzip_bytes: gzipped }, null, 2));
  console.log(`[web] assessor: ${js} ${(gzipped / 1024).toFixed(1)} KB gzipped`);
  return { js, css, js_gzip_bytes: gzipped };
}
