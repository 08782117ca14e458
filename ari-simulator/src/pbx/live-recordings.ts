import { AriError } from "./ari-error.js";
import type { Bridge } from "./bridge.js";
import type { StasisApps } from "./stasis-apps.js";
import { asteriskTimestamp } from "./time.js";

/** ARI's `LiveRecording` model as the simulator serialises it. */
export interface LiveRecordingJson {
  name: string;
  format: string;
  state: "queued" | "recording" | "done";
  target_uri: string;
  duration?: number;
}

/** File formats Asterisk knows for recordings (a common subset of `core show file formats`). */
const knownFormats = new Set(["wav", "WAV", "wav16", "gsm", "ulaw", "alaw", "sln", "sln16", "g722", "g729", "mp3", "ogg"]);

interface LiveRecording {
  json: LiveRecordingJson;
  bridge: Bridge;
  startedAt: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Bridge recordings (`POST /bridges/{id}/record`): no audio, only the REST resource and the
 * RecordingStarted / RecordingFinished events, sent to the apps that see the bridge.
 */
export class LiveRecordings {
  private readonly live = new Map<string, LiveRecording>();

  constructor(private readonly apps: StasisApps) {}

  /**
   * Starts recording a bridge; returns the recording in state `queued` (RecordingStarted follows
   * once `announce` is called after the response). Throws AriError 422 for an unknown format and
   * 409 when a recording of that name is in progress.
   */
  start(bridge: Bridge, name: string, format: string, maxDurationS: number): { recording: LiveRecordingJson; announce: () => void } {
    if (!knownFormats.has(format)) throw new AriError(422, "specified format is unknown on this system");
    if (this.live.has(name)) throw new AriError(409, `Recording '${name}' already exists and can not be overwritten`);
    const recording: LiveRecording = {
      json: { name, format, state: "queued", target_uri: `bridge:${bridge.id}` },
      bridge,
      startedAt: Date.now(),
      timer: undefined,
    };
    this.live.set(name, recording);
    const snapshot = { ...recording.json };
    const announce = () => {
      if (!this.live.has(name)) return;
      recording.json.state = "recording";
      this.event("RecordingStarted", recording);
      if (maxDurationS > 0) recording.timer = setTimeout(() => this.stop(name), maxDurationS * 1000);
    };
    return { recording: snapshot, announce };
  }

  /** The live recording named `name`; throws AriError 404 "Recording not found". */
  get(name: string): LiveRecordingJson {
    const recording = this.live.get(name);
    if (!recording) throw new AriError(404, "Recording not found");
    return { ...recording.json };
  }

  /** Stops a recording: RecordingFinished with state `done`. Throws AriError 404 when unknown. */
  stop(name: string): void {
    const recording = this.live.get(name);
    if (!recording) throw new AriError(404, "Recording not found");
    this.live.delete(name);
    clearTimeout(recording.timer);
    recording.json.state = "done";
    recording.json.duration = Math.round((Date.now() - recording.startedAt) / 1000);
    this.event("RecordingFinished", recording);
  }

  /** Stops every recording of a bridge that is going away. */
  stopAllOf(bridge: Bridge): void {
    for (const [name, recording] of this.live) {
      if (recording.bridge === bridge) this.stop(name);
    }
  }

  /** Cancels all timers. */
  close(): void {
    for (const recording of this.live.values()) clearTimeout(recording.timer);
    this.live.clear();
  }

  private event(type: string, recording: LiveRecording): void {
    this.apps.deliver(recording.bridge.subscribers, {
      type,
      timestamp: asteriskTimestamp(new Date()),
      recording: { ...recording.json },
    });
  }
}
