/**
 * Shapes of Swagger 1.1/1.2 resource listings as Asterisk serves them at
 * `/ari/api-docs/{resource}.json` (source: Asterisk rest-api/api-docs/*.json), and small builders
 * for the simulator's own listings.
 */

export interface AllowableValues {
  valueType: "LIST" | "RANGE";
  values?: string[];
  min?: number;
}

export interface Parameter {
  name: string;
  description: string;
  paramType: "path" | "query" | "body";
  required: boolean;
  allowMultiple: boolean;
  dataType: string;
  defaultValue?: string | number | boolean;
  allowableValues?: AllowableValues;
}

export interface ErrorResponse {
  code: number;
  reason: string;
}

export interface Operation {
  httpMethod: "GET" | "POST" | "PUT" | "DELETE";
  summary: string;
  nickname: string;
  responseClass: string;
  parameters?: Parameter[];
  errorResponses?: ErrorResponse[];
  upgrade?: "websocket";
  websocketProtocol?: string;
}

export interface Api {
  path: string;
  description: string;
  operations: Operation[];
}

export interface ModelProperty {
  type: string;
  required?: boolean;
  description?: string;
  allowableValues?: AllowableValues;
}

export interface Model {
  id: string;
  description: string;
  properties: Record<string, ModelProperty>;
  discriminator?: string;
  subTypes?: string[];
}

/** One resource's API declaration, without `basePath` (added per request from the Host header). */
export interface ApiDeclaration {
  apiVersion: string;
  swaggerVersion: string;
  resourcePath: string;
  apis: Api[];
  models: Record<string, Model>;
}

/** A path parameter (always required, a string id in ARI). */
export function pathParam(name: string, description: string): Parameter {
  return { name, description, paramType: "path", required: true, allowMultiple: false, dataType: "string" };
}

/** A query parameter; `dataType` is a Swagger 1.1 type (`string`, `int`, `long`, `boolean`). */
export function queryParam(
  name: string,
  dataType: string,
  description: string,
  options: { required?: boolean; allowMultiple?: boolean; defaultValue?: string | number | boolean; values?: string[] } = {},
): Parameter {
  const parameter: Parameter = {
    name,
    description,
    paramType: "query",
    required: options.required ?? false,
    allowMultiple: options.allowMultiple ?? false,
    dataType,
  };
  if (options.defaultValue !== undefined) parameter.defaultValue = options.defaultValue;
  if (options.values) parameter.allowableValues = { valueType: "LIST", values: options.values };
  return parameter;
}

/** The JSON body parameter ARI uses for channel variables: `{"variables": {"NAME": "value"}}`. */
export function variablesBody(description: string, required = false): Parameter {
  return { name: "variables", description, paramType: "body", required, allowMultiple: false, dataType: "containers" };
}

/** A model property. */
export function prop(type: string, required: boolean, description?: string): ModelProperty {
  return description === undefined ? { type, required } : { type, required, description };
}

/** A model whose id is its key. */
export function model(id: string, description: string, properties: Record<string, ModelProperty>): Model {
  return { id, description, properties };
}

/** An API declaration of ARI version 2.0.0 (Asterisk 20's per-resource listings). */
export function declaration(resource: string, apis: Api[], models: Model[], swaggerVersion = "1.1"): ApiDeclaration {
  return {
    apiVersion: "2.0.0",
    swaggerVersion,
    resourcePath: `/api-docs/${resource}.{format}`,
    apis,
    models: Object.fromEntries(models.map((entry) => [entry.id, entry])),
  };
}
