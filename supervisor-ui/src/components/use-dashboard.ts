/**
 * The dashboard state fed by a connection, shared by the supervisor dashboard and the ops view:
 * the live frames, a chart sample every few seconds, and once online the server's chart history
 * of the last hour and the colour thresholds (`GET /api/dashboard/history`, `/thresholds`).
 */
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { dashboardThresholdsSchema, statsHistorySchema, type DashboardThresholds, type ServerFrame } from "@acc/shared-types";
import { dashboardReducer, initialDashboard, type DashboardState } from "../state/dashboard.js";
import { DEFAULT_THRESHOLDS } from "../state/thresholds.js";
import { useScreenConnection, type ScreenConnectionHandle } from "../connection/use-screen-connection.js";

/** How often the charts take a sample between events, in ms. */
const SAMPLE_EVERY_MS = 5000;

/** GETs `path` with the token and validates the body with `schema`; `null` (and a console line) on any failure. */
async function getJson<T>(path: string, token: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { message: string } } }): Promise<T | null> {
  try {
    const response = await fetch(path, { headers: { authorization: `Bearer ${token}` }, cache: "no-store" });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success) throw new Error(parsed.error.message);
    return parsed.data;
  } catch (error) {
    console.warn(`Could not load ${path}:`, error);
    return null;
  }
}

/** Connects with `token` and keeps the dashboard state, sampling the charts every few seconds. */
export function useDashboard(token: string): { state: DashboardState; thresholds: DashboardThresholds } & ScreenConnectionHandle {
  const [state, dispatch] = useReducer(dashboardReducer, undefined, initialDashboard);
  const [thresholds, setThresholds] = useState<DashboardThresholds>(DEFAULT_THRESHOLDS);
  const onFrame = useCallback((frame: ServerFrame, receivedAt: number) => {
    if ("event" in frame) dispatch({ type: "event", frame, receivedAt });
    else if (frame.type === "connected") dispatch({ type: "connected", serverTime: frame.serverTime, receivedAt });
  }, []);
  const connection = useScreenConnection(token, onFrame);
  useEffect(() => {
    const timer = setInterval(() => dispatch({ type: "sample", at: Date.now() }), SAMPLE_EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  // Once online (the clock offset is known by then), the last hour and the thresholds, once per page.
  const loaded = useRef(false);
  const online = connection.status.kind === "online";
  useEffect(() => {
    if (!online || loaded.current) return;
    loaded.current = true;
    void getJson("/api/dashboard/history", token, statsHistorySchema).then((history) => history && dispatch({ type: "history", samples: history.samples, ...(history.latest ? { latest: history.latest } : {}) }));
    void getJson("/api/dashboard/thresholds", token, dashboardThresholdsSchema).then((t) => t && setThresholds(t));
  }, [online, token]);
  return { state, thresholds, ...connection };
}
