/**
 * report.html in a real browser: headless Chromium (playwright-core) opens it from disk with every network
 * request refused, and must render each chart interactively, log no console error, attempt no network
 * request, and show planted markup as text. A full-page screenshot is saved beside the report.
 */
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureChromium } from "./chromium.js";
import { fixtureResult, fixtureTimeseries } from "./fixtures/run-60s.js";
import { HOSTILE_NAME, HOSTILE_REGION, HOSTILE_TYPE, hostileResult } from "./fixtures/hostile.js";
import { renderToTempDir } from "./render-to-dir.js";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { renderSweepReport, writeCompareReport } from "../../src/report/index.js";
import { writeDirectoryAtomically } from "../../src/results/write.js";
import { HOSTILE_PROTOCOL, secondRun } from "./fixtures/second-run.js";
import { fixtureSweep } from "./fixtures/sweep.js";

const CHART_NAMES = ["throughput", "latency", "latency-cdf", "messages", "nodes"];
/** The chart-spec JSON, the three inlined libraries, and the embedding script. */
const SCRIPT_ELEMENTS = 5;

let browser: Browser;

interface OpenedReport {
  page: Page;
  consoleErrors: string[];
  networkAttempts: string[];
  dialogs: string[];
}

async function openReport(dir: string, file = "report.html"): Promise<OpenedReport> {
  const context = await browser.newContext({ offline: true, viewport: { width: 1120, height: 900 } });
  const opened: OpenedReport = { page: await context.newPage(), consoleErrors: [], networkAttempts: [], dialogs: [] };
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    opened.networkAttempts.push(url);
    return route.abort("blockedbyclient");
  });
  opened.page.on("request", (request) => {
    const url = request.url();
    if (!/^(file|data|blob|about):/.test(url)) opened.networkAttempts.push(url);
  });
  opened.page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") opened.consoleErrors.push(`${message.type()}: ${message.text()}`);
  });
  opened.page.on("pageerror", (error) => opened.consoleErrors.push(`pageerror: ${error.message}`));
  opened.page.on("dialog", (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await opened.page.goto(pathToFileURL(join(dir, file)).href);
  await opened.page.waitForSelector("body[data-charts=ready]", { timeout: 30_000 });
  return opened;
}

beforeAll(async () => {
  const executablePath = ensureChromium();
  browser = await chromium.launch({ executablePath, args: ["--disable-gpu", "--disable-dev-shm-usage"] });
}, 300_000);

afterAll(async () => {
  await browser?.close();
});

describe("report.html in headless Chromium, offline", () => {
  it("renders every chart interactively with no console errors and no network request", async () => {
    const dir = await renderToTempDir(fixtureResult(), fixtureTimeseries(), "browser");
    const { page, consoleErrors, networkAttempts } = await openReport(dir);
    const figures = await page.$$eval("figure.chart", (all) =>
      all.map((figure) => ({
        id: figure.id,
        rendered: figure.getAttribute("data-rendered"),
        graphics: figure.querySelectorAll(".live svg, .live canvas").length,
        marks: figure.querySelectorAll(".live svg .mark-line path, .live svg .mark-rect path, .live svg .mark-symbol path").length,
      })),
    );
    expect(figures.map((f) => f.id)).toEqual(CHART_NAMES.map((name) => `chart-${name}`));
    for (const figure of figures) {
      expect(figure, figure.id).toMatchObject({ rendered: "interactive" });
      expect(figure.graphics, figure.id).toBeGreaterThan(0);
      expect(figure.marks, `${figure.id} draws marks`).toBeGreaterThan(0);
    }
    expect(consoleErrors).toEqual([]);
    expect(networkAttempts).toEqual([]);
    const screenshot = join(dir, "report.png");
    await page.screenshot({ path: screenshot, fullPage: true });
    process.stderr.write(`report screenshot: ${screenshot}\n`);
    await page.context().close();
  });

  it("shows a scenario named <script>alert(1)</script> as text and runs none of the planted markup", async () => {
    const dir = await renderToTempDir(hostileResult(), fixtureTimeseries(), "hostile");
    const { page, consoleErrors, networkAttempts, dialogs } = await openReport(dir);
    expect(await page.locator("h1 .scenario-name").textContent()).toBe(HOSTILE_NAME);
    expect(await page.title()).toContain(HOSTILE_NAME);
    expect(await page.locator("script").count()).toBe(SCRIPT_ELEMENTS);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.locator("main b, main i").count()).toBe(0);
    // Long axis labels are truncated with an ellipsis, so look for the start of the planted message type.
    const svgText = await page.locator("#chart-messages .live svg").textContent();
    expect(svgText).toContain(HOSTILE_TYPE.slice(0, 24));
    expect(await page.locator("#chart-nodes .live svg").textContent()).toContain(HOSTILE_REGION.slice(0, 12));
    expect(dialogs).toEqual([]);
    expect(networkAttempts).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await page.context().close();
  });

  it("renders compare.html and sweep.html interactively, with the runs' labels as text", async () => {
    const runA = await renderToTempDir(fixtureResult(), fixtureTimeseries(), "browser-cmp-a");
    const runB = await renderToTempDir(secondRun(), fixtureTimeseries(), "browser-cmp-b");
    const out = join(mkdtempSync(join(tmpdir(), "ledgersim-browser-cmp-")), "compare");
    await writeCompareReport([runA, runB], out);
    const sweepDir = join(mkdtempSync(join(tmpdir(), "ledgersim-browser-sweep-")), "sweep");
    writeDirectoryAtomically(sweepDir, (await renderSweepReport(fixtureSweep())).files);
    const pages: [string, string, string[]][] = [
      [out, "compare.html", ["throughput", "latency", "latency-cdf"]],
      [sweepDir, "sweep.html", ["throughput-vs-load", "latency-vs-throughput", "metrics-vs-size"]],
    ];
    for (const [dir, file, names] of pages) {
      const { page, consoleErrors, networkAttempts, dialogs } = await openReport(dir, file);
      const rendered = await page.$$eval("figure.chart", (all) => all.map((f) => `${f.id}:${f.getAttribute("data-rendered")}`));
      expect(rendered, file).toEqual(names.map((name) => `chart-${name}:interactive`));
      if (file === "compare.html") {
        expect(await page.locator("table.side-by-side thead th").allTextContents()).toEqual(["metric", "pbft/sm", `${HOSTILE_PROTOCOL}/intl`]);
        expect(await page.locator("#chart-latency-cdf .live svg").textContent()).toContain("pbft/sm");
      }
      expect(consoleErrors, file).toEqual([]);
      expect(networkAttempts, file).toEqual([]);
      expect(dialogs, file).toEqual([]);
      await page.screenshot({ path: join(dir, file.replace(/\.html$/, ".png")), fullPage: true });
      await page.context().close();
    }
  });

  it("keeps the static SVGs when scripts are disabled", async () => {
    const dir = await renderToTempDir(fixtureResult(), fixtureTimeseries(), "noscript");
    const context = await browser.newContext({ offline: true, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(pathToFileURL(join(dir, "report.html")).href);
    for (const name of CHART_NAMES) {
      expect(await page.locator(`#chart-${name} .fallback svg`).count(), name).toBe(1);
    }
    await context.close();
  });
});
