/** @acc/client: a typed, reconnecting client for the contact-center event server, for Node and the browser. */
export * from "./backoff.js";
export * from "./client.js";
export * from "./event-id.js";
export * from "./frame-intake.js";
export * from "./websocket.js";
