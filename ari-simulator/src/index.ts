export { startSimulator, type Simulator, type SimulatorOptions } from "./simulator.js";
export { ScenarioControl, type InjectCallOptions } from "./control/scenario-control.js";
export type { Behaviour } from "./pbx/behaviour.js";
export { defaultDialplan, type DialplanConfig } from "./pbx/dialplan.js";
export type { ChannelJson, DialplanLocation } from "./pbx/channel.js";
export type { BridgeJson } from "./pbx/bridge.js";
export type { AriEvent, EventListener } from "./pbx/stasis-apps.js";
export type { TrafficCounters, TrafficGenerator, TrafficOptions } from "./traffic/traffic-generator.js";
export type { Spread, Distribution } from "./traffic/random.js";
