/** A simulator with an event stream of one Stasis app, started and closed the same way by every suite. */
import { type Simulator, startSimulator } from "../../src/index.js";
import { EventStream } from "./ari-http.js";

/** A started simulator and an event stream of one Stasis app on it. */
export interface SimulatorWithStream {
  sim: Simulator;
  stream: EventStream;
}

/** Starts a simulator and opens an event stream of `app` (default `contact-center`) on it. */
export async function openSimulatorWithStream(app = "contact-center"): Promise<SimulatorWithStream> {
  const sim = await startSimulator();
  return { sim, stream: await EventStream.open(sim.url, app) };
}

/** Closes the stream, then the simulator; either may be absent (a test that failed before opening it). */
export async function closeSimulatorWithStream(open: Partial<SimulatorWithStream>): Promise<void> {
  await open.stream?.close();
  await open.sim?.close();
}
