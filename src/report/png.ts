/**
 * Optional PNG copies of the charts (`--png` on `run` and `report`), rasterised from the SVGs by
 * @resvg/resvg-js, whose native binary ships inside its npm package (nothing is downloaded at install time).
 * The SVGs stay the canonical, byte-identical output: a PNG depends on the fonts installed on the machine
 * that draws it, so it is a convenience for slides and issue trackers, not part of the determinism contract.
 */

/** Pixels per SVG unit: 2× keeps the text sharp on high-density screens and in documents. */
const ZOOM = 2;

interface Rasteriser {
  render(svg: string): Uint8Array;
}

let loaded: Rasteriser | undefined;

async function rasteriser(): Promise<Rasteriser> {
  if (loaded !== undefined) return loaded;
  let module: typeof import("@resvg/resvg-js");
  try {
    module = await import("@resvg/resvg-js");
  } catch (error) {
    throw new Error(
      `report: --png needs the package @resvg/resvg-js, which did not load (${(error as Error).message}); ` +
        "run 'npm install' in the ledgersim directory, or leave out --png (the SVGs are always written)",
    );
  }
  const { Resvg } = module;
  loaded = {
    render: (svg) =>
      new Resvg(svg, {
        background: "white",
        fitTo: { mode: "zoom", value: ZOOM },
        // system-ui is unknown to resvg; the generic families fall back to a common sans-serif face.
        font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" },
        logLevel: "off",
      }).render().asPng(),
  };
  return loaded;
}

/** charts/<name>.png for every charts/<name>.svg among `files` (in name order). */
export async function renderChartPngs(files: Readonly<Record<string, string>>): Promise<Record<string, Uint8Array>> {
  const svgNames = Object.keys(files).filter((name) => name.startsWith("charts/") && name.endsWith(".svg")).sort();
  if (svgNames.length === 0) return {};
  const { render } = await rasteriser();
  const pngs: Record<string, Uint8Array> = {};
  for (const name of svgNames) pngs[name.replace(/\.svg$/, ".png")] = render(files[name] as string);
  return pngs;
}
