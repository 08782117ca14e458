import { declaration, model, pathParam, prop } from "./listing.js";

const recordingName = pathParam("recordingName", "The name of the recording");

/**
 * The simulator's `recordings` listing: live recordings only. ari-client needs this resource to
 * build the LiveRecording that `POST /bridges/{id}/record` returns.
 */
export const recordingsListing = declaration(
  "recordings",
  [
    {
      path: "/recordings/live/{recordingName}",
      description: "A recording that is in progress",
      operations: [
        {
          httpMethod: "GET",
          summary: "List live recordings.",
          nickname: "getLive",
          responseClass: "LiveRecording",
          parameters: [recordingName],
          errorResponses: [{ code: 404, reason: "Recording not found" }],
        },
      ],
    },
    {
      path: "/recordings/live/{recordingName}/stop",
      description: "",
      operations: [
        {
          httpMethod: "POST",
          summary: "Stop a live recording and store it.",
          nickname: "stop",
          responseClass: "void",
          parameters: [recordingName],
          errorResponses: [{ code: 404, reason: "Recording not found" }],
        },
      ],
    },
  ],
  [
    model("LiveRecording", "A recording that is in progress", {
      name: prop("string", true, "Base name for the recording"),
      format: prop("string", true, "Recording format (wav, gsm, etc.)"),
      target_uri: prop("string", true, "URI for the channel or bridge being recorded"),
      state: {
        type: "string",
        required: true,
        allowableValues: { valueType: "LIST", values: ["queued", "recording", "paused", "done", "failed", "canceled"] },
      },
      duration: prop("int", false, "Duration in seconds of the recording"),
    }),
  ],
);
