/**
 * A Markdown reference of every scenario key, generated from the schema so the docs cannot drift from what the
 * loader accepts (scripts/scenario-reference.ts prints it; the README includes it).
 */
import { discriminatorOf, typesOf, unitKindOf, type SchemaNode } from "./schema-node.js";
import { scenarioSchema } from "./schema.js";

export interface ReferenceRow {
  path: string;
  type: string;
  default: string;
  description: string;
}

/** One row per key, in schema order; keys of only some protocols or fault kinds say which. */
export function referenceRows(node: SchemaNode = scenarioSchema, prefix = ""): ReferenceRow[] {
  const rows: ReferenceRow[] = [];
  const discriminator = discriminatorOf(node);
  const branches = node.oneOf ?? [node];
  for (const [index, branch] of branches.entries()) {
    const only = discriminator === undefined ? undefined : `${discriminator.key}: ${discriminator.values[index]}`;
    for (const [key, child] of Object.entries(branch.properties ?? {})) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      if (rows.some((row) => row.path === path)) continue;
      const shared = discriminator === undefined || branches.every((b) => b.properties !== undefined && Object.hasOwn(b.properties, key));
      const required = (branch.required ?? []).includes(key);
      const row = rowFor(path, child, required, shared ? undefined : only);
      if (discriminator?.key === key) row.type = discriminator.values.map((value) => `\`${value}\``).join(" \\| ");
      rows.push(row);
      rows.push(...childRows(child, path));
    }
  }
  return rows;
}

function childRows(child: SchemaNode, path: string): ReferenceRow[] {
  if (child.items !== undefined && (child.items.properties !== undefined || child.items.oneOf !== undefined)) {
    return referenceRows(child.items, `${path}[]`);
  }
  if (child.properties !== undefined || child.oneOf !== undefined) return referenceRows(child, path);
  return [];
}

function rowFor(path: string, node: SchemaNode, required: boolean, only: string | undefined): ReferenceRow {
  const description = (node.description ?? "") + (only === undefined ? "" : ` (${only} only)`);
  return { path, type: typeText(node), default: defaultText(node, required), description };
}

/** The type of a key in words: "duration", "integer ≥ 1", "`mesh` \| `random`", "list of integer". */
export function typeText(node: SchemaNode): string {
  const unit = unitKindOf(node);
  if (unit !== undefined) return unit;
  if (node.const !== undefined) return `\`${node.const}\``;
  if (node.enum !== undefined) return node.enum.map((value) => `\`${value}\``).join(" \\| ");
  if (node.anyOf !== undefined) return node.anyOf.map((branch) => branch.title ?? typeText(branch)).join(" or ");
  if (node.oneOf !== undefined) return "mapping";
  const types = typesOf(node);
  if (types.includes("array")) return node.items === undefined ? "list" : `list of ${typeText(node.items)}`;
  if (types.includes("object")) return node.additionalProperties === false ? "mapping" : "map";
  const bounds: string[] = [];
  if (node.minimum !== undefined) bounds.push(`≥ ${node.minimum}`);
  if (node.exclusiveMinimum !== undefined) bounds.push(`> ${node.exclusiveMinimum}`);
  if (node.maximum !== undefined) bounds.push(`≤ ${node.maximum}`);
  if (node.exclusiveMaximum !== undefined) bounds.push(`< ${node.exclusiveMaximum}`);
  return [types.join(" or "), ...bounds].join(" ");
}

function defaultText(node: SchemaNode, required: boolean): string {
  if (required) return "required";
  if (node.default !== undefined) {
    return typeof node.default === "string" ? (node.default === "" ? '`""`' : `\`${node.default}\``) : `\`${JSON.stringify(node.default)}\``;
  }
  const comment = node.$comment?.replace(/^default:\s*/, "");
  if (comment !== undefined) return comment;
  if (node.additionalProperties === false || node.oneOf !== undefined) return "see below";
  return "—";
}

function escapeCell(text: string): string {
  return text.replace(/(?<!\\)\|/g, "\\|").replace(/\n/g, " ");
}

/** The reference as a Markdown table, preceded by a note on units. */
export function scenarioReferenceMarkdown(): string {
  const lines = [
    "| key | type | default | description |",
    "|---|---|---|---|",
    ...referenceRows().map((row) => `| \`${row.path}\` | ${row.type} | ${escapeCell(row.default)} | ${escapeCell(row.description)} |`),
  ];
  const units = [
    "Units: a **duration** is a string such as `60s`, `50ms`, `250us`, `1.5s`, `2m`, `1h` or a plain number of",
    "milliseconds; a **size** is `256B`, `1KB` (1000 B), `1KiB` (1024 B), `1MB`, `1MiB` or a plain number of bytes;",
    "a **bandwidth** is `500kbps`, `100Mbps`, `1Gbps` or a plain number of bit/s. Unknown keys are errors.",
  ];
  return `${units.join("\n")}\n\n${lines.join("\n")}\n`;
}
