import { describe, expect, it } from "vitest";
import { AriError, ariErrorFromResponse, ariErrorKindForStatus, normaliseAriError } from "../../src/ari/index.js";

// The raw shapes below are what ari-client 2.2 rejects with (lib/client.js `swaggerError`):
// `new Error(<body>)` for an error with a body, swagger's response object for an empty body,
// strings thrown by swagger-client. The live paths are covered in ari-connection.test.ts.
describe("normaliseAriError", () => {
  it("reads Asterisk's message from a JSON body and infers the status per operation", () => {
    const answer = normaliseAriError("channels.answer", new Error('{"message":"Channel not found"}'));
    expect(answer).toBeInstanceOf(AriError);
    expect(answer).toMatchObject({ kind: "not_found", status: 404, operation: "channels.answer", message: "Channel not found" });

    const notInStasis = normaliseAriError("channels.hold", new Error('{"message":"Channel not in Stasis application"}'));
    expect(notInStasis).toMatchObject({ kind: "conflict", status: 409 });

    // The same wording means another status in bridges.addChannel (bridges.json errorResponses).
    const addMissing = normaliseAriError("bridges.addChannel", new Error('{"message":"Channel not found"}'));
    expect(addMissing).toMatchObject({ kind: "bad_request", status: 400 });
    const addOutside = normaliseAriError("bridges.addChannel", new Error('{"message":"Channel not in Stasis application"}'));
    expect(addOutside).toMatchObject({ kind: "unprocessable", status: 422 });

    const invalidState = normaliseAriError("channels.ring", new Error('{"message":"Channel in invalid state"}'));
    expect(invalidState).toMatchObject({ kind: "conflict", status: 412 });
  });

  it("falls back to Asterisk's common wording for operations or messages not listed", () => {
    const bridge = normaliseAriError("bridges.get", new Error('{"message":"Bridge not found"}'));
    expect(bridge).toMatchObject({ kind: "not_found", status: undefined, message: "Bridge not found" });
    const taken = normaliseAriError("channels.create", new Error('{"message":"Channel with given unique ID already exists"}'));
    expect(taken.kind).toBe("conflict");
    const other = normaliseAriError("channels.answer", new Error('{"message":"Something new"}'));
    expect(other).toMatchObject({ kind: "unknown", message: "Something new" });
  });

  it("keeps a non-JSON body as the message", () => {
    expect(normaliseAriError("channels.answer", new Error("Internal Server Error"))).toMatchObject({
      kind: "unknown",
      message: "Internal Server Error",
    });
  });

  it("uses the real status of swagger's response object when the body was empty", () => {
    const error = normaliseAriError("channels.answer", { status: 404, data: "", headers: {} });
    expect(error).toMatchObject({ kind: "not_found", status: 404, message: "HTTP 404" });
    const withBody = normaliseAriError("bridges.destroy", { status: 404, data: '{"message":"Bridge not found"}' });
    expect(withBody).toMatchObject({ kind: "not_found", status: 404, message: "Bridge not found" });
  });

  it("understands swagger-client's thrown strings", () => {
    expect(normaliseAriError("connect", "401 : Unauthorized http://x/ari/api-docs/resources.json")).toMatchObject({
      kind: "unauthorized",
      status: 401,
    });
    expect(normaliseAriError("channels.answer", "channelId is a required path param.")).toMatchObject({
      kind: "bad_request",
    });
  });

  it("treats network failures as unavailable", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(normaliseAriError("connect", refused)).toMatchObject({ kind: "unavailable", message: refused.message });
    const unreachable = Object.assign(new Error("getaddrinfo ENOTFOUND x"), { name: "HostIsNotReachable" });
    expect(normaliseAriError("connect", unreachable).kind).toBe("unavailable");
  });

  it("returns an AriError unchanged and wraps anything else as unknown", () => {
    const original = new AriError({ kind: "timeout", operation: "channels.answer", message: "late" });
    expect(normaliseAriError("channels.hangup", original)).toBe(original);
    expect(normaliseAriError("channels.answer", 42)).toMatchObject({ kind: "unknown", message: "42" });
  });
});

describe("ariErrorKindForStatus", () => {
  it("maps ARI's statuses", () => {
    expect([400, 401, 403, 404, 409, 412, 422, 500, 503].map(ariErrorKindForStatus)).toEqual([
      "bad_request",
      "unauthorized",
      "unauthorized",
      "not_found",
      "conflict",
      "conflict",
      "unprocessable",
      "unknown",
      "unavailable",
    ]);
  });
});

describe("ariErrorFromResponse", () => {
  it("keeps the real status and reads Asterisk's message, or names the status for an empty body", () => {
    expect(ariErrorFromResponse("bridges.addChannel", 422, '{"message":"Channel not in Stasis application"}')).toMatchObject({
      kind: "unprocessable",
      status: 422,
      operation: "bridges.addChannel",
      message: "Channel not in Stasis application",
    });
    expect(ariErrorFromResponse("channels.answer", 412, "")).toMatchObject({ kind: "conflict", status: 412, message: "HTTP 412" });
    expect(ariErrorFromResponse("channels.get", 500, "Internal Server Error")).toMatchObject({ kind: "unknown", message: "Internal Server Error" });
  });
});
