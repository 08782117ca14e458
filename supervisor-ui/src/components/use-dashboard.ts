/** The dashboard state fed by a connection, shared by the supervisor dashboard and the ops view. */
import { useCallback, useEffect, useReducer } from "react";
import type { ServerFrame } from "@acc/shared-types";
import { dashboardReducer, initialDashboard, type DashboardState } from "../state/dashboard.js";
import { useScreenConnection, type ScreenConnectionHandle } from "../connection/use-screen-connection.js";

/** How often the charts take a sample between events, in ms. */
const SAMPLE_EVERY_MS = 5000;

/** Connects with `token` and keeps the dashboard state, sampling the charts every few seconds. */
export function useDashboard(token: string): { state: DashboardState } & ScreenConnectionHandle {
  const [state, dispatch] = useReducer(dashboardReducer, undefined, initialDashboard);
  const onFrame = useCallback((frame: ServerFrame, receivedAt: number) => {
    if ("event" in frame) dispatch({ type: "event", frame, receivedAt });
    else if (frame.type === "connected") dispatch({ type: "connected", serverTime: frame.serverTime, receivedAt });
  }, []);
  const connection = useScreenConnection(token, onFrame);
  useEffect(() => {
    const timer = setInterval(() => dispatch({ type: "sample", at: Date.now() }), SAMPLE_EVERY_MS);
    return () => clearInterval(timer);
  }, []);
  return { state, ...connection };
}
