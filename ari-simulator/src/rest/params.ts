import { AriError } from "../pbx/ari-error.js";

type QueryValue = string | string[] | undefined;

/**
 * The parameters of an ARI request. Asterisk takes them from the query string (what ari-client
 * sends) or from a JSON body, whose fields win, except `variables`, which is only read from the
 * body as `{"variables": {"NAME": "value"}}` (source: Asterisk res/ari `*_parse_body`).
 */
export class RequestParams {
  private readonly values = new Map<string, string[]>();
  private readonly bodyVariables: unknown;

  constructor(query: unknown, body: unknown) {
    for (const [name, value] of Object.entries((query ?? {}) as Record<string, QueryValue>)) {
      if (value !== undefined) this.values.set(name, Array.isArray(value) ? value : [value]);
    }
    const bodyObject = isRecord(body) ? body : {};
    for (const [name, value] of Object.entries(bodyObject)) {
      if (name === "variables") continue;
      if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
        this.values.set(name, [String(value)]);
      } else if (Array.isArray(value)) {
        this.values.set(name, value.map(String));
      }
    }
    this.bodyVariables = bodyObject.variables;
  }

  /** The parameter as a string, undefined when absent or empty. */
  string(name: string): string | undefined {
    const value = this.values.get(name)?.[0];
    return value === undefined || value === "" ? undefined : value;
  }

  /** The parameter as an integer, undefined when absent; throws AriError 400 when not a number. */
  integer(name: string): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isInteger(value)) throw new AriError(400, `${name}: invalid integer`);
    return value;
  }

  /** A boolean the way Asterisk's `ast_true` reads one: yes/true/y/t/1/on. */
  boolean(name: string): boolean {
    const text = this.string(name)?.toLowerCase();
    return text !== undefined && ["yes", "true", "y", "t", "1", "on"].includes(text);
  }

  /** A multi-valued parameter: repeated and/or comma-separated values, empty ones dropped. */
  list(name: string): string[] {
    return (this.values.get(name) ?? []).flatMap((value) => value.split(",")).filter((value) => value !== "");
  }

  /** The `variables` object of the JSON body; throws AriError 400 for non-string values, as Asterisk does. */
  variables(): Record<string, string> | undefined {
    if (this.bodyVariables === undefined) return undefined;
    if (!isRecord(this.bodyVariables)) throw new AriError(400, "Only string values in the 'variables' object allowed");
    const variables: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.bodyVariables)) {
      if (typeof value !== "string") throw new AriError(400, "Only string values in the 'variables' object allowed");
      variables[name] = value;
    }
    return variables;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
