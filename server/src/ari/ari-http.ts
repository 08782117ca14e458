/**
 * ARI's REST interface over one keep-alive HTTP connection pool (undici `Pool`), instead of
 * ari-client's Swagger client, which builds every call through the listing, wraps every answer in
 * resource objects carrying all their operations, loses the HTTP status of errors and never
 * settles a request Asterisk does not answer. Requests here are plain HTTP requests as Asterisk's
 * Swagger listing describes them (paths under `/ari`, parameters in the query string, `variables`
 * in a JSON body; Asterisk ARI docs, channels.json, bridges.json), with HTTP basic
 * authentication, as ari-client sends them. In the server's profile under load they cost about
 * as much CPU as ari-client's calls did (their write system calls lead); what changes is the
 * behaviour: real statuses, a timeout that aborts the request, a refused connection at once.
 */
import { Pool } from "undici";
import { AriError, ariErrorFromResponse } from "./ari-errors.js";
import { withRequestTimeout } from "./request-timeout.js";

/** Query parameters of a request; undefined values are left out. */
export type AriQuery = Record<string, string | number | undefined>;

/** Options of {@link AriHttpClient}. */
export interface AriHttpClientOptions {
  /** Base URL of Asterisk's HTTP server, e.g. `http://127.0.0.1:8088` (its path is ignored). */
  url: string;
  username: string;
  password: string;
  /** Limit (ms) for each request, from sending it to reading the whole answer. */
  requestTimeoutMs: number;
  /**
   * Most connections open to Asterisk at once; default none (one per request in flight, kept
   * alive and reused, as ari-client's requests had through Node's global agent). A cap makes
   * requests wait in the pool for a free connection, and that wait counts against
   * `requestTimeoutMs`: with 16, a benchmark on a starved machine timed out thousands of REST
   * calls. Asterisk's HTTP server refuses sessions beyond http.conf `sessionlimit` (100 by
   * default, the app's WebSocket included).
   */
  connections?: number;
}

/**
 * Sends ARI REST requests over a keep-alive connection pool.
 *
 * Errors (all {@link AriError}): an HTTP error answer becomes the kind of its status with
 * Asterisk's `message` (ari-errors.ts, `ariErrorFromResponse`); a connection failure is kind
 * "unavailable"; no complete answer within `requestTimeoutMs` is kind "timeout" (the request is
 * aborted); a success answer that is not JSON where JSON was expected is kind "unknown".
 */
export class AriHttpClient {
  private readonly pool: Pool;
  private readonly authorization: string;
  private readonly requestTimeoutMs: number;

  constructor(options: AriHttpClientOptions) {
    const { origin } = new URL(options.url);
    this.pool = new Pool(origin, { connections: options.connections ?? null });
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString("base64")}`;
    this.requestTimeoutMs = options.requestTimeoutMs;
  }

  /**
   * Sends `method` `/ari<path>?<query>` (with `body` as JSON when given) and resolves with the
   * answer's JSON, or undefined for an answer without a body (204 No Content).
   *
   * @param operation `<resource>.<operation>` as ari-client names it (e.g. "channels.answer"),
   *   for errors and logs.
   * @param path the path below `/ari` with its ids already encoded, e.g. `/channels/abc/answer`.
   * @throws AriError as described on the class.
   */
  async request(operation: string, method: "GET" | "POST" | "DELETE", path: string, query: AriQuery = {}, body?: unknown): Promise<unknown> {
    const controller = new AbortController();
    return withRequestTimeout(
      operation,
      this.requestTimeoutMs,
      () => this.send(operation, method, `/ari${path}${queryString(query)}`, body, controller.signal),
      () => controller.abort(),
    );
  }

  /** Closes the pool's connections; later requests fail with kind "unavailable". */
  async close(): Promise<void> {
    await this.pool.close().catch(() => undefined);
  }

  private async send(operation: string, method: string, path: string, body: unknown, signal: AbortSignal): Promise<unknown> {
    const headers: Record<string, string> = { authorization: this.authorization };
    if (body !== undefined) headers["content-type"] = "application/json";
    let status: number;
    let text: string;
    try {
      const response = await this.pool.request({
        method,
        path,
        headers,
        signal,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      status = response.statusCode;
      text = await response.body.text();
    } catch (error) {
      throw new AriError({
        kind: "unavailable",
        operation,
        message: `cannot reach Asterisk for ${operation}: ${error instanceof Error ? error.message : String(error)}`,
        cause: error,
      });
    }
    if (status < 200 || status > 299) throw ariErrorFromResponse(operation, status, text);
    if (text === "") return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new AriError({ kind: "unknown", operation, status, message: `Asterisk answered ${operation} with a body that is not JSON`, cause: error });
    }
  }
}

/**
 * `?a=1&b=x` from the defined values of `query`, or "" when there are none. Values are encoded
 * with encodeURIComponent, as ari-client's Swagger client does (a space is `%20`, a comma `%2C`).
 */
function queryString(query: AriQuery): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) parts.push(`${name}=${encodeURIComponent(String(value))}`);
  }
  return parts.length === 0 ? "" : `?${parts.join("&")}`;
}
