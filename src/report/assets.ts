/**
 * The browser builds of Vega, Vega-Lite and vega-embed, read from node_modules so report.html can inline them
 * and open with no network. The packages' `exports` maps only expose their module entry points, so the
 * minified UMD builds are found next to those (`<package>/build/*.min.js`).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const requireFromHere = createRequire(import.meta.url);

/** Package → its minified browser build (file name inside the directory of its resolved entry point). */
export const BROWSER_BUILDS = [
  { pkg: "vega", file: "vega.min.js" },
  { pkg: "vega-lite", file: "vega-lite.min.js" },
  { pkg: "vega-embed", file: "vega-embed.min.js" },
] as const;

let cached: string[] | undefined;

/** The three libraries' code, in load order (vega-lite needs vega; vega-embed needs both). Read once. */
export function browserLibraries(): string[] {
  if (cached === undefined) {
    cached = BROWSER_BUILDS.map(({ pkg, file }) => {
      const path = join(dirname(requireFromHere.resolve(pkg)), file);
      try {
        // The source-map comment would point the browser's devtools at a file that is not there.
        return readFileSync(path, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
      } catch (error) {
        throw new Error(`report: cannot read ${pkg}'s browser build at ${path} (${(error as Error).message})`);
      }
    });
  }
  return cached;
}
