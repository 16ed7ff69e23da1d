/**
 * HTML that is safe by construction. Every value interpolated into the `html` template is escaped unless it
 * is already `SafeHtml`, so text that comes from a scenario or a result (a scenario named
 * `<script>alert(1)</script>`, a message type, a region) always shows as text. JSON embedded in a script
 * element goes through `jsonForScript`, which encodes `<`, `>` and `&` so that `</script>` in a string
 * cannot close the element.
 */

/** A fragment of markup that is already escaped (or is trusted markup we generated, such as vega's SVG). */
export class SafeHtml {
  constructor(readonly markup: string) {}
  toString(): string {
    return this.markup;
  }
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes text for use in element content and in quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.markup;
  if (value === null || value === undefined || value === false) return "";
  if (Array.isArray(value)) return value.map((item: HtmlValue) => render(item)).join("");
  return escapeHtml(String(value));
}

/** Tagged template: the literal parts are markup, every interpolated value is escaped (or spliced if SafeHtml). */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let markup = strings[0] as string;
  values.forEach((value, i) => {
    markup += render(value) + (strings[i + 1] as string);
  });
  return new SafeHtml(markup);
}

/** Marks markup we produced ourselves (vega's SVG, inlined library code) as safe to splice. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/**
 * JSON for an inline `<script type="application/json">` (or a JS literal): `<`, `>`, `&` and the JS line
 * separators are written as \u escapes, which JSON.parse reads back as the same characters.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/**
 * Library code for an inline `<script>`: a `</script` or `<!--` inside it (in a string or a regular
 * expression) would end or confuse the element; they are written `<\/script` and `<\!--`, which JavaScript
 * reads as the same characters inside strings and regular expressions.
 */
export function scriptText(code: string): string {
  return code.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}
