/**
 * A minimal WebSocket screen for the demo: connects with a token, validates every frame with
 * shared-types, and hands events to a callback. Commands get their ids from a counter.
 */
import { parseServerFrame, type ClientCommand, type ServerFrame } from "@acc/shared-types";
import WebSocket from "ws";

/** A client command without its id (the client numbers them). */
export type CommandWithoutId = ClientCommand extends infer C ? (C extends unknown ? Omit<C, "id"> : never) : never;

/** A connected demo screen. */
export interface ScreenClient {
  send(command: CommandWithoutId): void;
  close(): void;
}

/** Connects to `wsUrl` (e.g. `ws://127.0.0.1:3000/ws`) with `token`; `onFrame` gets every valid frame. */
export function connectScreen(wsUrl: string, token: string, onFrame: (frame: ServerFrame, client: ScreenClient) => void): ScreenClient {
  const socket = new WebSocket(`${wsUrl}?token=${encodeURIComponent(token)}`);
  let counter = 0;
  const client: ScreenClient = {
    send(command) {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ ...command, id: `demo-${++counter}` }));
    },
    close() {
      socket.close();
    },
  };
  socket.on("message", (data) => {
    const parsed = parseServerFrame(data.toString());
    if (parsed.ok) onFrame(parsed.value, client);
  });
  socket.on("error", () => {});
  return client;
}
