/**
 * The network layer (ARCHITECTURE §2): region presets, per-message delay distributions, per-node bandwidth
 * queues with loss, and peer topologies. Pure models over integer µs; the engine owns events and streams.
 */
export {
  DelayModel,
  MIN_DELAY_US,
  lognormalMu,
  minDelayUs,
  paretoScaleUs,
  paretoShape,
  sampleDelayUs,
} from "./distributions.js";
export type { DelayNetworkSpec } from "./distributions.js";
export { LinkState, isLost, isUnlimited, serializationUs } from "./links.js";
export type { UplinkReservation } from "./links.js";
export {
  buildTopology,
  connectedComponents,
  fullMesh,
  isConnected,
  pickOutboundPeers,
  randomPeerGraph,
} from "./topology.js";
export type { Adjacency } from "./topology.js";
export { CUSTOM_PRESET, NETWORK_PRESETS, presetNames } from "./presets.js";
export type { NetworkPreset } from "./presets.js";
