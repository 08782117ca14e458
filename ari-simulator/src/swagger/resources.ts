import { asteriskListing } from "./asterisk-listing.js";
import { bridgesListing } from "./bridges-listing.js";
import { channelsListing } from "./channels-listing.js";
import { eventsListing } from "./events-listing.js";
import type { ApiDeclaration } from "./listing.js";
import { recordingsListing } from "./recordings-listing.js";

/** The simulator's API declarations by resource name (the `{resource}` of `/ari/api-docs/{resource}.json`). */
export const apiDeclarations: Record<string, ApiDeclaration> = {
  asterisk: asteriskListing,
  channels: channelsListing,
  bridges: bridgesListing,
  recordings: recordingsListing,
  events: eventsListing,
};

const descriptions: Record<string, string> = {
  asterisk: "Asterisk resources",
  channels: "Channel resources",
  bridges: "Bridge resources",
  recordings: "Recording resources",
  events: "WebSocket resource",
};

/** The `basePath` Asterisk writes into listings: `http://<Host header>/ari`. */
export function basePathFor(host: string): string {
  return `http://${host}/ari`;
}

/** `/ari/api-docs/resources.json`: the resource listing (ARI 8.0.0, Swagger 1.1) for `host`. */
export function resourceListing(host: string): Record<string, unknown> {
  return {
    apiVersion: "8.0.0",
    swaggerVersion: "1.1",
    basePath: basePathFor(host),
    apis: Object.keys(apiDeclarations).map((name) => ({
      path: `/api-docs/${name}.{format}`,
      description: descriptions[name] ?? "",
    })),
  };
}

/** `/ari/api-docs/{resource}.json` for `host`, or undefined for an unknown resource. */
export function apiDeclaration(resource: string, host: string): Record<string, unknown> | undefined {
  const declaration = Object.hasOwn(apiDeclarations, resource) ? apiDeclarations[resource] : undefined;
  if (!declaration) return undefined;
  const { apiVersion, swaggerVersion, ...rest } = declaration;
  return { apiVersion, swaggerVersion, basePath: basePathFor(host), ...rest };
}
