/**
 * The scenario layer's public surface: load and validate scenario files, the JSON Schema, units, and errors.
 */
export { loadScenarioFile, loadScenarioText } from "./load.js";
export { ScenarioError, formatProblem, type ScenarioProblem } from "./errors.js";
export { scenarioSchema, schemaFor, allKeyPaths, PROTOCOL_NAMES, SUITES } from "./schema.js";
export type { SchemaNode } from "./schema-node.js";
export { parseDurationUs, parseSizeBytes, parseBandwidthBps, formatDurationUs, UnitError } from "./units.js";
export { placeNodes, largestRemainder } from "./compile.js";
export { PROTOCOL_MIN_NODES, MIN_TX_SIZE_BYTES } from "./semantics.js";
export type { ScenarioDocument } from "./document.js";
export type * from "./types.js";
