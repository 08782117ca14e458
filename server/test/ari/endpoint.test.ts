import { describe, expect, it } from "vitest";
import { agentEndpoint, validateAgentEndpointTemplate } from "../../src/ari/index.js";

describe("agentEndpoint", () => {
  it("fills the extension into PJSIP and Local templates", () => {
    expect(agentEndpoint("PJSIP/{extension}", "1001")).toBe("PJSIP/1001");
    expect(agentEndpoint("Local/{extension}@agents", "1001")).toBe("Local/1001@agents");
  });

  it("rejects templates without {extension} or without a technology", () => {
    expect(() => agentEndpoint("PJSIP/1001", "1001")).toThrow(/\{extension\}/);
    expect(() => validateAgentEndpointTemplate("{extension}@agents")).toThrow(/technology/);
    expect(() => validateAgentEndpointTemplate("PJSIP/{extension}")).not.toThrow();
  });

  it("rejects extensions that would change the dial string", () => {
    for (const bad of ["", "10 01", "1001@other", "a/b", "1,2", "1&PJSIP/2"]) {
      expect(() => agentEndpoint("PJSIP/{extension}", bad), bad).toThrow(/dial string/);
    }
  });
});
