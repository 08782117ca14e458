import { declaration, model, prop, queryParam } from "./listing.js";

/** The simulator's `asterisk` listing: system information and ping. */
export const asteriskListing = declaration(
  "asterisk",
  [
    {
      path: "/asterisk/info",
      description: "Asterisk system information (similar to core show settings)",
      operations: [
        {
          httpMethod: "GET",
          summary: "Gets Asterisk system information.",
          nickname: "getInfo",
          responseClass: "AsteriskInfo",
          parameters: [
            queryParam("only", "string", "Filter information returned", {
              allowMultiple: true,
              values: ["build", "system", "config", "status"],
            }),
          ],
        },
      ],
    },
    {
      path: "/asterisk/ping",
      description: "Asterisk ping",
      operations: [{ httpMethod: "GET", summary: "Response pong message.", nickname: "ping", responseClass: "AsteriskPing" }],
    },
  ],
  [
    model("BuildInfo", "Info about how Asterisk was built", {
      os: prop("string", true, "OS Asterisk was built on."),
      kernel: prop("string", true, "Kernel version Asterisk was built on."),
      options: prop("string", true, "Compile time options, or empty string if default."),
      machine: prop("string", true, "Machine architecture (x86_64, i686, ppc, etc.)"),
      date: prop("string", true, "Date and time when Asterisk was built."),
      user: prop("string", true, "Username that build Asterisk"),
    }),
    model("SystemInfo", "Info about Asterisk", {
      version: prop("string", true, "Asterisk version."),
      entity_id: prop("string", true),
    }),
    model("SetId", "Effective user/group id", {
      user: prop("string", true, "Effective user id."),
      group: prop("string", true, "Effective group id."),
    }),
    model("ConfigInfo", "Info about Asterisk configuration", {
      name: prop("string", true, "Asterisk system name."),
      default_language: prop("string", true, "Default language for media playback."),
      setid: prop("SetId", true, "Effective user/group id for running Asterisk."),
    }),
    model("StatusInfo", "Info about Asterisk status", {
      startup_time: prop("Date", true, "Time when Asterisk was started."),
      last_reload_time: prop("Date", true, "Time when Asterisk was last reloaded."),
    }),
    model("AsteriskInfo", "Asterisk system information", {
      build: prop("BuildInfo", false, "Info about how Asterisk was built"),
      system: prop("SystemInfo", false, "Info about the system running Asterisk"),
      config: prop("ConfigInfo", false, "Info about Asterisk configuration"),
      status: prop("StatusInfo", false, "Info about Asterisk status"),
    }),
    model("AsteriskPing", "Asterisk ping information", {
      asterisk_id: prop("string", true, "Asterisk id info"),
      ping: prop("string", true, "Always string value is pong"),
      timestamp: prop("string", true, "The timestamp string of request received time"),
    }),
    model("Variable", "The value of a channel variable", {
      value: prop("string", true, "The value of the variable requested"),
    }),
  ],
);
