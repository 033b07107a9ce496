// Builds the operator and LSP console into dist/console/: its page (index.html) and one JS and
// one CSS file in dist/assets/ named by their content hash (the nginx rules for /assets/ serve
// them as immutable). Desktop-first and not installable: no service worker, no manifest.
// Called by web/build.mjs after the candidate app, so it shares the clean dist/ and the checks.
import { build } from "esbuild";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { gzipSync } from "node:zlib";

export async function buildConsole(root, dist) {
  const result = await build({
    entryPoints: {
      console: join(root, "console/src/main.tsx"),
      "console-styles": join(root, "console/src/styles.css"),
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
  // The page lives at /console/: its assets are one folder up.
  const html = readFileSync(join(root, "console/index.html"), "utf8")
    .replace("{{js}}", "../" + js)
    .replace("{{css}}", "../" + css);
  mkdirSync(join(dist, "console"), { recursive: true });
  writeFileSync(join(dist, "console/index.html"), html);
  const gzipped = gzipSync(readFileSync(join(dist, js)), { level: 9 }).length;
  console.log(`[web] console: ${js} ${(gzipped / 1024).toFixed(1)} KB gzipped`);
  return { js, css, js_gzip_bytes: gzipped };
}
