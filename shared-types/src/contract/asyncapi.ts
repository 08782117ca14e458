/**
 * The AsyncAPI 3.0 document of the `/ws` WebSocket (https://www.asyncapi.com/docs/reference/specification/v3.0.0),
 * built from the zod schemas: one message per event, control frame and command, one operation per
 * message. It describes the server: it *sends* events and control frames and *receives* commands,
 * each command answered by `ack` or `error` (the operation's `reply`).
 */
import { type ClientCommandType, clientCommandTypes, commandRoles, commandSchemas } from "../commands.js";
import { controlFrameSchemas, eventFrameSchema, type ServerEventName, serverEventNames } from "../frames.js";
import { MAX_CLIENT_FRAME_BYTES } from "../frame-size.js";
import { type JsonSchema, toJsonSchema } from "./json-schemas.js";
import { commandSummaries, controlFrameSummaries, eventSummaries } from "./summaries.js";

/** Version of the frame contract; equal to the shared-types package version (a test checks it). */
export const CONTRACT_VERSION = "0.1.0";

/** An AsyncAPI document as plain JSON. */
export type AsyncApiDocument = { asyncapi: "3.0.0" } & { [key: string]: unknown };

type ControlType = keyof typeof controlFrameSchemas;

const REPLY_ONLY: ReadonlySet<ControlType> = new Set(["ack", "pong"]);

const channelRef = { $ref: "#/channels/ws" };
const messageRef = (name: string) => ({ $ref: `#/channels/ws/messages/${name}` });

/** Message keys: events by name, control frames and commands prefixed, as names overlap (`ping`/`pong` do not, but `error` could). */
const eventKey = (name: ServerEventName) => name;
const controlKey = (type: ControlType) => `frame_${type}`;
const commandKey = (type: ClientCommandType) => `command_${type}`;

function payload(schema: JsonSchema): JsonSchema {
  // AsyncAPI's default schema format is a superset of draft-07; `$schema` is not needed inside it.
  const { $schema: _dropped, ...body } = schema;
  return body;
}

/** Builds the document. Pure: the same zod schemas always give the same JSON. */
export function buildAsyncApiDocument(): AsyncApiDocument {
  const messages: Record<string, unknown> = {};
  for (const name of serverEventNames) {
    messages[eventKey(name)] = {
      name,
      title: name,
      summary: eventSummaries[name],
      contentType: "application/json",
      payload: payload(toJsonSchema(eventFrameSchema(name), `${name} event frame`, eventSummaries[name])),
    };
  }
  for (const type of Object.keys(controlFrameSchemas) as ControlType[]) {
    messages[controlKey(type)] = {
      name: type,
      title: `${type} frame`,
      summary: controlFrameSummaries[type],
      contentType: "application/json",
      payload: payload(toJsonSchema(controlFrameSchemas[type], `${type} frame`, controlFrameSummaries[type])),
    };
  }
  for (const type of clientCommandTypes) {
    messages[commandKey(type)] = {
      name: type,
      title: `${type} command`,
      summary: commandSummaries[type],
      description: `Roles: ${commandRoles[type].join(", ")}. Any other role gets an error frame with code FORBIDDEN.`,
      contentType: "application/json",
      payload: payload(toJsonSchema(commandSchemas[type], `${type} command`, commandSummaries[type])),
    };
  }

  const operations: Record<string, unknown> = {};
  for (const name of serverEventNames) {
    operations[`send_${name}`] = { action: "send", channel: channelRef, summary: eventSummaries[name], messages: [messageRef(eventKey(name))] };
  }
  // ack and pong only answer commands (the replies below); every other control frame is sent on its own.
  for (const type of (Object.keys(controlFrameSchemas) as ControlType[]).filter((t) => !REPLY_ONLY.has(t))) {
    operations[`send_${type}`] = { action: "send", channel: channelRef, summary: controlFrameSummaries[type], messages: [messageRef(controlKey(type))] };
  }
  for (const type of clientCommandTypes) {
    const answers = type === "ping" ? ["pong", "error"] as const : ["ack", "error"] as const;
    operations[`receive_${type}`] = {
      action: "receive",
      channel: channelRef,
      summary: commandSummaries[type],
      messages: [messageRef(commandKey(type))],
      reply: { channel: channelRef, messages: answers.map((answer) => messageRef(controlKey(answer))) },
    };
  }

  return {
    asyncapi: "3.0.0",
    info: {
      title: "ARI contact-center event server: /ws",
      version: CONTRACT_VERSION,
      description:
        "Frames between the event server and the agent, supervisor and ops screens. Every frame is a JSON text frame. " +
        "After the upgrade the server sends `connected`, then the `system_state` event, then (with `?lastEventId=`) the events missed, then live events. " +
        "Commands are `{ type, id, ...arguments }` and are answered by `ack` or `error` with the same `id`. " +
        `Client frames over ${MAX_CLIENT_FRAME_BYTES} bytes are refused. Field names, units and meaning: docs/events.md in the repository.`,
    },
    defaultContentType: "application/json",
    servers: {
      local: {
        host: "127.0.0.1:3000",
        protocol: "ws",
        description: "The server's default HOST and PORT; use wss behind a TLS proxy.",
        security: [{ $ref: "#/components/securitySchemes/queryToken" }, { $ref: "#/components/securitySchemes/bearerToken" }],
      },
    },
    channels: {
      ws: {
        address: "/ws",
        title: "Screen connection",
        description:
          "One WebSocket per screen. A missing or bad token is refused with HTTP 401 at the upgrade. " +
          "The server pings every heartbeatInterval ms (RFC 6455 ping) and drops a client that missed a pong; " +
          "it closes a client with over 1 MiB unsent with 1013 (RFC 6455 §7.4.2), and with 1011 when the state for a new client cannot be loaded.",
        messages,
        bindings: {
          ws: {
            method: "GET",
            query: {
              type: "object",
              properties: {
                token: { type: "string", description: "The screen's signed token (HS256 JWT), when no Authorization header can be sent (browsers)." },
                lastEventId: { type: "string", description: "The id of the last event received: the events after it are sent after system_state (at most 1000)." },
              },
            },
            headers: {
              type: "object",
              properties: { Authorization: { type: "string", pattern: "^Bearer .+$", description: "`Bearer <token>`, instead of ?token=." } },
            },
            bindingVersion: "0.1.0",
          },
        },
      },
    },
    operations,
    components: {
      securitySchemes: {
        queryToken: { type: "httpApiKey", name: "token", in: "query", description: "Signed token (HS256 JWT: role, agentId) in the query string." },
        bearerToken: { type: "http", scheme: "bearer", bearerFormat: "JWT", description: "The same token in the Authorization header." },
      },
    },
  };
}
