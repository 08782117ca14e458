import type { LiveRecordings } from "../pbx/live-recordings.js";
import type { Pbx } from "../pbx/pbx.js";
import type { StasisApps } from "../pbx/stasis-apps.js";

/** What the ARI routes work on. */
export interface AriContext {
  pbx: Pbx;
  recordings: LiveRecordings;
  apps: StasisApps;
  /** The `asterisk_id` of every event: the simulated system's MAC-style entity id. */
  asteriskId: string;
  startedAt: Date;
}
