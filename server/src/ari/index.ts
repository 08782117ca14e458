export * from "./ari-connection.js";
export * from "./ari-errors.js";
export * from "./ari-events.js";
export * from "./ari-rest.js";
export * from "./endpoint.js";
