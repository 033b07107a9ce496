// Lighthouse on each screen of a plan written by bench/web_budgets.py:
//   node audit.mjs plan.json out.json
// Per screen and run: a fresh Chromium profile (Debian's Chromium through puppeteer-core), the
// phone's IndexedDB filled with what the app keeps after sign-in (from a page of the same origin
// that is not the app, so nothing of the app is cached before Lighthouse loads it), then
// Lighthouse's navigation with its mobile defaults (emulated phone, simulated slow 4G, 4x CPU
// slowdown), its storage reset off so the session stays. Then the same screen at 360 x 640:
// does the page fit the width? Writes the scores, the metrics and what failed to out.json.
import lighthouse from "lighthouse";
import puppeteer from "puppeteer-core";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [planFile, outFile] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, "utf8"));
const only = plan.only ? new Set(plan.only.split(",")) : null;
const lighthouseVersion = createRequire(import.meta.url)("lighthouse/package.json").version;

async function withBrowser(act) {
  const profile = mkdtempSync(join(tmpdir(), "lighthouse-chromium-"));
  const args = ["--headless=new", "--disable-gpu", "--no-first-run", "--no-default-browser-check"];
  if (process.getuid?.() === 0) args.push("--no-sandbox"); // root: Chromium's sandbox refuses to start
  const browser = await puppeteer.launch({
    executablePath: plan.chromium,
    headless: true,
    userDataDir: profile,
    args,
    defaultViewport: null,
  });
  try {
    return await act(browser);
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// What the app keeps in IndexedDB "kompeten" (web/src/db.ts: version 2, stores kv, outbox,
// answers), written before the app first opens.
async function seed(browser, url, kv) {
  if (!Object.keys(kv).length) return;
  const page = await browser.newPage();
  await page.goto(new URL("/manifest.webmanifest", url).href);
  await page.evaluate(
    (entries) =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open("kompeten", 2);
        request.onupgradeneeded = () => {
          const db = request.result;
          db.createObjectStore("kv");
          db.createObjectStore("outbox", { keyPath: "id" });
          db.createObjectStore("answers", { keyPath: "answer_id" }).createIndex("attempt_id", "attempt_id");
        };
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction("kv", "readwrite");
          for (const [key, value] of entries) tx.objectStore("kv").put(value, key);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    Object.entries(kv),
  );
  await page.close();
}

function failedAudits(lhr) {
  const failed = [];
  for (const [name, category] of Object.entries(lhr.categories)) {
    for (const ref of category.auditRefs) {
      const audit = lhr.audits[ref.id];
      if (audit.score === null || audit.score >= 0.9) continue;
      if (["notApplicable", "informative", "manual"].includes(audit.scoreDisplayMode)) continue;
      // The insights repeat the classic audits beside them (render-blocking-insight, ...).
      if (ref.id.endsWith("-insight")) continue;
      if (name === "performance" && ref.weight === 0 && audit.score >= 0.5) continue;
      const nodes = (audit.details?.items ?? [])
        .map((item) => item.node?.snippet ?? item.url ?? "")
        .filter(Boolean)
        .slice(0, 3);
      const value = audit.displayValue ? ` ${audit.displayValue}` : "";
      failed.push(`${name}: ${ref.id} (${audit.score})${value}${nodes.length ? " " + nodes.join(" | ") : ""}`);
    }
  }
  return failed;
}

// The screen at a small phone's 360 x 640 once its data is in: does it fit the width, which
// screen is it (its heading) and does it show an error (role=alert), which would mean the
// scores above are an error screen's.
async function atPhoneSize(browser, url) {
  const page = await browser.newPage();
  await page.setViewport({ width: 360, height: 640, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  await page.goto(url, { waitUntil: "networkidle2" });
  await page.waitForSelector("h1");
  const seen = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    heading: document.querySelector("h1").textContent.trim(),
    alerts: [...document.querySelectorAll("[role=alert]")].map((e) => e.textContent.trim()).filter(Boolean),
  }));
  await page.close();
  return { fits_360: seen.width <= 360, heading: seen.heading, alerts: seen.alerts };
}

async function once(screen) {
  return withBrowser(async (browser) => {
    await seed(browser, screen.url, screen.kv);
    const page = await browser.newPage();
    const result = await lighthouse(
      screen.url,
      {
        logLevel: "error",
        output: "json",
        onlyCategories: ["performance", "accessibility"],
        disableStorageReset: true,
      },
      undefined,
      page,
    );
    const lhr = result.lhr;
    const metric = (id) => lhr.audits[id]?.numericValue ?? NaN;
    return {
      performance: Math.round(lhr.categories.performance.score * 100),
      accessibility: Math.round(lhr.categories.accessibility.score * 100),
      metrics: {
        fcp_ms: metric("first-contentful-paint"),
        lcp_ms: metric("largest-contentful-paint"),
        tbt_ms: metric("total-blocking-time"),
        cls: metric("cumulative-layout-shift"),
        si_ms: metric("speed-index"),
      },
      failed_audits: failedAudits(lhr),
      final_url: lhr.finalDisplayedUrl,
      user_agent: lhr.environment.hostUserAgent,
      runtime_error: lhr.runtimeError?.message ?? null,
      settings: lhr.configSettings,
      ...(await atPhoneSize(browser, screen.url)),
    };
  });
}

const screens = [];
let settings = null;
let browserName = "";
for (const screen of plan.screens) {
  if (only && !only.has(screen.name)) continue;
  const runs = [];
  for (let i = 0; i < plan.runs; i++) {
    const run = await once(screen);
    if (run.runtime_error) throw new Error(`${screen.name}: ${run.runtime_error}`);
    runs.push(run);
    console.log(`[lighthouse] ${screen.name} run ${i + 1}: performance ${run.performance}, accessibility ${run.accessibility}`);
  }
  runs.sort((a, b) => a.performance - b.performance);
  const median = runs[Math.floor(runs.length / 2)];
  settings = median.settings;
  browserName = median.user_agent.match(/(Headless)?Chrome\/[\d.]+/)?.[0] ?? median.user_agent;
  screens.push({
    name: screen.name,
    url: screen.url.replace(/^http:\/\/127\.0\.0\.1:\d+/, ""),
    budgeted: screen.budgeted,
    performance: median.performance,
    accessibility: median.accessibility,
    metrics: median.metrics,
    failed_audits: median.failed_audits,
    fits_360: runs.every((r) => r.fits_360),
    heading: median.heading,
    alerts: [...new Set(runs.flatMap((r) => r.alerts))],
    runs: runs.map(({ performance, accessibility, metrics }) => ({ performance, accessibility, metrics })),
  });
}

const s = settings ?? {};
writeFileSync(
  outFile,
  JSON.stringify(
    {
      lighthouse: lighthouseVersion,
      browser: browserName,
      settings: `${s.formFactor} ${s.screenEmulation?.width}x${s.screenEmulation?.height}, ` +
        `${s.throttlingMethod} throttling (RTT ${s.throttling?.rttMs} ms, ` +
        `${s.throttling?.throughputKbps} kbps, CPU x${s.throttling?.cpuSlowdownMultiplier})`,
      screens,
    },
    null,
    2,
  ),
);
