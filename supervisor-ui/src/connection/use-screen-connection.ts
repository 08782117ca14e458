/** The React side of `AccClient` (@acc/client): one connection per mounted screen, its status, and a `send`. */
import { AccClient, type CommandResult, type CommandWithoutId, type ConnectionStatus } from "@acc/client";
import type { ServerFrame } from "@acc/shared-types";
import { useCallback, useEffect, useRef, useState } from "react";

/** The WebSocket endpoint of the server that served this page. */
export function defaultWsUrl(): string {
  return `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/ws`;
}

/** What a screen gets from its connection. */
export interface ScreenConnectionHandle {
  status: ConnectionStatus;
  send(command: CommandWithoutId): Promise<CommandResult>;
  /** How many frames failed validation and were skipped. */
  invalidFrames: number;
}

/** Connects with `token` while the component is mounted; `onFrame` gets every valid non-reply frame. */
export function useScreenConnection(token: string, onFrame: (frame: ServerFrame, receivedAt: number) => void): ScreenConnectionHandle {
  const [status, setStatus] = useState<ConnectionStatus>({ kind: "connecting", attempt: 0 });
  const [invalidFrames, setInvalidFrames] = useState(0);
  const connection = useRef<AccClient | null>(null);
  // The latest callback, so the connection is not rebuilt when the component re-renders.
  const frameHandler = useRef(onFrame);
  frameHandler.current = onFrame;

  useEffect(() => {
    const client = new AccClient({ url: defaultWsUrl(), token });
    client.onFrame((frame, receivedAt) => frameHandler.current(frame, receivedAt));
    client.onStatus(setStatus);
    client.onInvalidFrame(() => setInvalidFrames((n) => n + 1));
    connection.current = client;
    client.connect();
    return () => {
      client.close();
      connection.current = null;
    };
  }, [token]);

  const send = useCallback(
    (command: CommandWithoutId) => connection.current?.send(command) ?? Promise.resolve<CommandResult>({ ok: false, code: "UNAVAILABLE", error: "Not connected." }),
    [],
  );
  return { status, send, invalidFrames };
}
