import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type Simulator, startSimulator } from "../src/index.js";
import { request } from "./support/ari-http.js";

/**
 * Everything the simulator declares in its Swagger listings must exist, with the same name and
 * type, in Asterisk 20.20.1's own listings (`fixtures/asterisk-ari-api-docs/`, see
 * `fixtures/README.md`): resources, API paths, operations (httpMethod + nickname,
 * responseClass), parameters (name, paramType, dataType, required, allowMultiple) and models with
 * their properties.
 */

/** Part of the repository: a missing listing makes the suite fail, never skip. */
const docs = new URL("./fixtures/asterisk-ari-api-docs/", import.meta.url);

interface Parameter {
  name: string;
  paramType: string;
  dataType: string;
  required?: boolean;
  allowMultiple?: boolean;
}
interface Operation {
  httpMethod: string;
  nickname: string;
  responseClass: string;
  parameters?: Parameter[];
}
interface Listing {
  basePath: string;
  apis: { path: string; operations?: Operation[] }[];
  models?: Record<string, { properties: Record<string, { type: string }> }>;
}

function asterisk(file: string): Listing {
  return JSON.parse(readFileSync(new URL(file, docs), "utf8")) as Listing;
}

describe("the simulator's Swagger listings conform to Asterisk's", () => {
  let sim: Simulator;
  let resources: Listing;

  beforeAll(async () => {
    sim = await startSimulator();
    resources = (await request(sim.url, "GET", "/ari/api-docs/resources.json")).body as Listing;
  });

  afterAll(async () => {
    await sim.close();
  });

  test("resources.json lists only resources Asterisk has, with basePath from the Host header", () => {
    expect(resources.basePath).toBe(`${sim.url}/ari`);
    const asteriskPaths = asterisk("resources.json").apis.map((api) => api.path);
    expect(resources.apis.length).toBeGreaterThan(0);
    for (const api of resources.apis) expect(asteriskPaths).toContain(api.path);
  });

  test("every declared path, operation, parameter and model exists in Asterisk's listing", async () => {
    for (const api of resources.apis) {
      const resource = /\/api-docs\/(\w+)\.\{format\}/.exec(api.path)![1]!;
      const ours = (await request(sim.url, "GET", `/ari/api-docs/${resource}.json`)).body as Listing;
      const theirs = asterisk(`api-docs/${resource}.json`);
      expect(ours.basePath).toBe(`${sim.url}/ari`);
      for (const ourApi of ours.apis) {
        const theirApi = theirs.apis.find((candidate) => candidate.path === ourApi.path);
        expect(theirApi, `${resource}: path ${ourApi.path}`).toBeDefined();
        for (const operation of ourApi.operations ?? []) {
          const where = `${resource}: ${operation.httpMethod} ${ourApi.path} ${operation.nickname}`;
          const theirOperation = theirApi!.operations?.find(
            (candidate) => candidate.httpMethod === operation.httpMethod && candidate.nickname === operation.nickname,
          );
          expect(theirOperation, where).toBeDefined();
          expect(operation.responseClass, where).toBe(theirOperation!.responseClass);
          for (const parameter of operation.parameters ?? []) {
            const theirParameter = theirOperation!.parameters?.find((candidate) => candidate.name === parameter.name);
            expect(theirParameter, `${where} parameter ${parameter.name}`).toBeDefined();
            const shape = (p: Parameter) => ({
              paramType: p.paramType,
              dataType: p.dataType,
              required: p.required ?? false,
              allowMultiple: p.allowMultiple ?? false,
            });
            expect(shape(parameter), `${where} parameter ${parameter.name}`).toEqual(shape(theirParameter!));
          }
        }
      }
      for (const [id, model] of Object.entries(ours.models ?? {})) {
        const theirModel = theirs.models?.[id];
        expect(theirModel, `${resource}: model ${id}`).toBeDefined();
        for (const [name, property] of Object.entries(model.properties)) {
          expect(theirModel!.properties[name]?.type, `${resource}: ${id}.${name}`).toBe(property.type);
        }
      }
    }
  });

  test("the events listing declares every event type it may send", async () => {
    const ours = (await request(sim.url, "GET", "/ari/api-docs/events.json")).body as Listing & {
      models: Record<string, { subTypes?: string[] }>;
    };
    const subTypes = ours.models.Event?.subTypes ?? [];
    for (const type of ["StasisStart", "StasisEnd", "ChannelDestroyed", "ChannelHangupRequest", "Dial", "ChannelEnteredBridge", "BridgeDestroyed"]) {
      expect(subTypes).toContain(type);
      expect(ours.models[type]).toBeDefined();
    }
  });
});
