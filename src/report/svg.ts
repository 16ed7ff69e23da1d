/**
 * Server-side rendering of a Vega-Lite spec to SVG with vega's headless 'none' renderer. No canvas package is
 * involved: without one, vega estimates text widths from the font size, the same on every machine.
 *
 * Determinism: vega numbers clip paths and gradients from module-level counters (`clip1`, `gradient_0`, …)
 * that keep counting across views, so the same chart rendered twice in one process would differ, and two
 * charts inlined in one HTML page could collide. `normaliseSvgIds` renumbers every id in order of first
 * appearance under a per-chart prefix, which makes the output byte-identical for the same input.
 */
import { parse, View, type Spec } from "vega";
import { compile } from "vega-lite";
import type { ChartSpec } from "./specs/common.js";

/** A compiled chart: the Vega spec and any warnings Vega-Lite raised while compiling it. */
export interface CompiledChart {
  vega: Spec;
  warnings: string[];
}

function collectingLogger(warnings: string[]) {
  let level = 0;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error(...args: readonly unknown[]) {
      throw new Error(`vega-lite: ${args.map(String).join(" ")}`);
    },
    warn(...args: readonly unknown[]) {
      warnings.push(args.map(String).join(" "));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/** Compiles Vega-Lite to Vega; throws on an invalid spec, collects warnings instead of printing them. */
export function compileChart(spec: ChartSpec): CompiledChart {
  const warnings: string[] = [];
  const vega = compile(spec, { logger: collectingLogger(warnings) }).spec;
  return { vega, warnings };
}

/**
 * Renumbers the ids vega generates (`id="clip3"`, `url(#clip3)`, `href="#gradient_0"`) in order of first
 * appearance, each prefixed with `prefix` so several charts can share one HTML document.
 */
export function normaliseSvgIds(svg: string, prefix: string): string {
  const renamed = new Map<string, string>();
  for (const match of svg.matchAll(/\sid="([^"]+)"/g)) {
    const id = match[1] as string;
    if (!renamed.has(id)) renamed.set(id, `${prefix}-${id.replace(/[_\d]+$/, "")}${renamed.size + 1}`);
  }
  if (renamed.size === 0) return svg;
  return svg.replace(/(\sid="|url\(#|href="#)([^")]+)/g, (whole, lead: string, id: string) => {
    const name = renamed.get(id);
    return name === undefined ? whole : lead + name;
  });
}

/** Renders one chart to a standalone SVG document (deterministic: same spec, same bytes). */
export async function renderSvg(spec: ChartSpec, idPrefix: string): Promise<string> {
  const view = new View(parse(compileChart(spec).vega), { renderer: "none", logLevel: 0 });
  try {
    const svg = await view.toSVG();
    return normaliseSvgIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}
