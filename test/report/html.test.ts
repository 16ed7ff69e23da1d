/**
 * report.html as text: self-contained (libraries inlined, no external resource, a CSP that forbids fetching),
 * every value from the scenario or result escaped, the chart JSON unable to close its script element, and the
 * summary, criteria, manifest and reproduce line present.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { renderRunReport } from "../../src/report/index.js";
import { escapeHtml, html, jsonForScript, scriptText } from "../../src/report/escape.js";
import { formatBytes, formatMs, formatNumber } from "../../src/report/format.js";
import { fixtureResult, fixtureTimeseries } from "./fixtures/run-60s.js";
import { HOSTILE_NAME, HOSTILE_REGION, HOSTILE_TYPE, hostileResult } from "./fixtures/hostile.js";

const REPRODUCE = "ledgersim run scenarios/pbft-4-crash.yaml --seed 42 --set 'workload.arrival.rate=600'";

let page = "";
let hostilePage = "";

beforeAll(async () => {
  page = (await renderRunReport(fixtureResult(), fixtureTimeseries(), REPRODUCE)).files["report.html"] ?? "";
  hostilePage = (await renderRunReport(hostileResult(), fixtureTimeseries(), "ledgersim run <x>.yaml --seed 1")).files["report.html"] ?? "";
});

describe("report.html", () => {
  it("loads nothing from anywhere: no src or href attribute, libraries inlined, network refused by CSP", () => {
    // Outside the inlined code (whose strings mention URLs and markup), the only URLs are SVG namespace names.
    const markup = page.replace(/(<script\b[^>]*>)[\s\S]*?<\/script>/g, "$1</script>");
    expect(markup).not.toMatch(/<(script|link|img|iframe|object|embed|use|image)\b[^>]*\s(src|href|xlink:href)=/i);
    expect(markup).not.toMatch(/@import|url\(\s*['"]?[a-z]+:/i);
    const urls = new Set(markup.match(/[a-z]+:\/\/[^\s"'<>)]*/gi));
    expect([...urls].sort()).toEqual(["http://www.w3.org/1999/xlink", "http://www.w3.org/2000/svg"]);
    expect(page).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;;`);
    expect(page).toMatch(/vegaEmbed=/);
    expect(page).toMatch(/\.vegaLite=\{\}/);
    expect(page).not.toContain("sourceMappingURL");
    expect(page.match(/<script\b/g)).toHaveLength(5);
  });

  it("shows the summary, the criteria verdicts, the manifest and the reproduce line", () => {
    expect(page).toContain("pbft-4-crash");
    expect(page).toContain('<span class="badge pass">PASS</span>');
    for (const text of ["291.3 tx/s", "1,512 ms", "2,392 ms", "1,041", "232,146", "152.04 MB", "OK — 1 stall"]) {
      expect(page, text).toContain(text);
    }
    expect(page.match(/<tr class="criterion">/g)).toHaveLength(4);
    expect(page).toContain("<code>latency.p99Ms</code>");
    expect(page).toContain("3f9c2a1d8e7b6c5a4f3e2d1c0b9a8f7e6d5c4b3a");
    expect(page).toContain(fixtureResult().manifest.resultHash);
    expect(page).toContain("ledgersim run scenarios/pbft-4-crash.yaml --seed 42 --set &#39;workload.arrival.rate=600&#39;");
    expect(page).toContain("viewChangeTimeout: 2s");
  });

  it("shows FAIL when a criterion failed or safety was violated", async () => {
    const failed = fixtureResult();
    failed.safety = { ok: false, count: 2, violations: [] };
    const text = (await renderRunReport(failed, fixtureTimeseries(), REPRODUCE)).files["report.html"] ?? "";
    expect(text).toContain('<span class="badge fail">FAIL</span>');
    expect(text).toContain("VIOLATED — 2 violations");
  });

  it("escapes every value from the scenario and the result", () => {
    expect(hostilePage).toContain('<span class="scenario-name">&lt;script&gt;alert(1)&lt;/script&gt;</span>');
    expect(hostilePage).toContain("<title>&lt;script&gt;alert(1)&lt;/script&gt; — ledgersim report</title>");
    expect(hostilePage).toContain("&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;");
    expect(hostilePage).toContain("<code>&lt;i&gt;x&lt;/i&gt;</code>");
    expect(hostilePage).toContain('content="ledgersim run &lt;x&gt;.yaml --seed 1"');
    for (const planted of [HOSTILE_NAME, HOSTILE_TYPE, HOSTILE_REGION, "<b>bold</b>", "<i>x</i>", "alert(4)</script>"]) {
      expect(hostilePage, planted).not.toContain(planted);
    }
  });

  it("embeds the chart specs as JSON that cannot close its script element", () => {
    const match = /<script type="application\/json" id="ledgersim-charts">([\s\S]*?)<\/script>/.exec(hostilePage);
    expect(match).not.toBeNull();
    const json = match?.[1] ?? "";
    expect(json).not.toMatch(/[<>]/);
    expect(json).toContain("\\u003c/script\\u003e\\u003cscript\\u003ealert(2)");
    const charts = JSON.parse(json) as { name: string; spec: unknown }[];
    expect(JSON.stringify(charts)).toContain(HOSTILE_TYPE);
  });
});

describe("escaping and formatting helpers", () => {
  it("escape text, attributes and nested fragments", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
    expect(html`<p title="${'"x"'}">${["<b>", html`<i>${"&"}</i>`, null, false, 3]}</p>`.markup).toBe(
      '<p title="&quot;x&quot;">&lt;b&gt;<i>&amp;</i>3</p>',
    );
  });

  it("encode <, >, & and line separators in inline JSON, which still parses back to the same value", () => {
    const value = { s: "</script><!-- & \u2028\u2029" };
    const encoded = jsonForScript(value);
    expect(encoded).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(encoded)).toEqual(value);
  });

  it("neutralise </script and <!-- in inlined library code", () => {
    expect(scriptText('var a = "</script>", b = "<!--";')).toBe('var a = "<\\/script>", b = "<\\!--";');
  });

  it("format numbers the same in every locale", () => {
    expect(formatNumber(1234567.891, 2)).toBe("1,234,567.89");
    expect(formatNumber(-0.0001, 2)).toBe("0.00");
    expect(formatNumber(-1234.5, 1)).toBe("-1,234.5");
    expect(formatMs(0.1234)).toBe("0.123 ms");
    expect(formatMs(12.34)).toBe("12.3 ms");
    expect(formatMs(1512.448)).toBe("1,512 ms");
    expect(formatBytes(999)).toBe("999 B");
    expect(formatBytes(152_044_901)).toBe("152.04 MB");
  });
});
