import { type ErrorResponse, declaration, model, pathParam, prop, queryParam } from "./listing.js";

const bridgeId = pathParam("bridgeId", "Bridge's id");
const notFound: ErrorResponse = { code: 404, reason: "Bridge not found" };
const notInStasis: ErrorResponse = { code: 409, reason: "Bridge not in Stasis application" };
const bridgeType = queryParam("type", "string", "Comma separated list of bridge type attributes (mixing, holding).");
const bridgeName = queryParam("name", "string", "Name to give to the bridge being created.");
const channelList = queryParam("channel", "string", "Ids of channels, comma-separated", { required: true, allowMultiple: true });

/** The simulator's `bridges` listing: the bridge operations it implements. */
export const bridgesListing = declaration(
  "bridges",
  [
    {
      path: "/bridges",
      description: "Active bridges",
      operations: [
        { httpMethod: "GET", summary: "List all active bridges in Asterisk.", nickname: "list", responseClass: "List[Bridge]" },
        {
          httpMethod: "POST",
          summary: "Create a new bridge.",
          nickname: "create",
          responseClass: "Bridge",
          parameters: [bridgeType, queryParam("bridgeId", "string", "Unique ID to give to the bridge being created."), bridgeName],
          errorResponses: [{ code: 409, reason: "Bridge with the same bridgeId already exists" }],
        },
      ],
    },
    {
      path: "/bridges/{bridgeId}",
      description: "Individual bridge",
      operations: [
        {
          httpMethod: "POST",
          summary: "Create a new bridge.",
          nickname: "createWithId",
          responseClass: "Bridge",
          parameters: [bridgeType, pathParam("bridgeId", "Unique ID to give to the bridge being created."), bridgeName],
          errorResponses: [{ code: 409, reason: "Bridge with the same bridgeId already exists" }],
        },
        { httpMethod: "GET", summary: "Get bridge details.", nickname: "get", responseClass: "Bridge", parameters: [bridgeId], errorResponses: [notFound] },
        { httpMethod: "DELETE", summary: "Shut down a bridge.", nickname: "destroy", responseClass: "void", parameters: [bridgeId], errorResponses: [notFound] },
      ],
    },
    {
      path: "/bridges/{bridgeId}/addChannel",
      description: "Add a channel to a bridge",
      operations: [
        {
          httpMethod: "POST",
          summary: "Add a channel to a bridge.",
          nickname: "addChannel",
          responseClass: "void",
          parameters: [bridgeId, channelList],
          errorResponses: [
            { code: 400, reason: "Channel not found" },
            notFound,
            { code: 409, reason: "Bridge not in Stasis application; Channel currently recording" },
            { code: 422, reason: "Channel not in Stasis application" },
          ],
        },
      ],
    },
    {
      path: "/bridges/{bridgeId}/removeChannel",
      description: "Remove a channel from a bridge",
      operations: [
        {
          httpMethod: "POST",
          summary: "Remove a channel from a bridge.",
          nickname: "removeChannel",
          responseClass: "void",
          parameters: [bridgeId, channelList],
          errorResponses: [
            { code: 400, reason: "Channel not found" },
            notFound,
            notInStasis,
            { code: 422, reason: "Channel not in this bridge" },
          ],
        },
      ],
    },
    {
      path: "/bridges/{bridgeId}/moh",
      description: "Play music on hold to a bridge",
      operations: [
        {
          httpMethod: "POST",
          summary: "Play music on hold to a bridge or change the MOH class that is playing.",
          nickname: "startMoh",
          responseClass: "void",
          parameters: [bridgeId, queryParam("mohClass", "string", "Music on hold class to use")],
          errorResponses: [notFound, notInStasis],
        },
        {
          httpMethod: "DELETE",
          summary: "Stop playing music on hold to a bridge.",
          nickname: "stopMoh",
          responseClass: "void",
          parameters: [bridgeId],
          errorResponses: [notFound, notInStasis],
        },
      ],
    },
    {
      path: "/bridges/{bridgeId}/record",
      description: "Record audio on a bridge",
      operations: [
        {
          httpMethod: "POST",
          summary: "Start a recording.",
          nickname: "record",
          responseClass: "LiveRecording",
          parameters: [
            bridgeId,
            queryParam("name", "string", "Recording's filename", { required: true }),
            queryParam("format", "string", "Format to encode audio in", { required: true }),
            queryParam("maxDurationSeconds", "int", "Maximum duration of the recording, in seconds. 0 for no limit.", { defaultValue: 0 }),
            queryParam("ifExists", "string", "Action to take if a recording with the same name already exists.", {
              defaultValue: "fail",
              values: ["fail", "overwrite", "append"],
            }),
          ],
          errorResponses: [
            { code: 400, reason: "Invalid parameters" },
            notFound,
            { code: 409, reason: "Bridge is not in a Stasis application; A recording with the same name already exists on the system and can not be overwritten because it is in progress or ifExists=fail" },
            { code: 422, reason: "The format specified is unknown on this system" },
          ],
        },
      ],
    },
  ],
  [
    model("Bridge", "The merging of media from one or more channels.", {
      id: prop("string", true, "Unique identifier for this bridge"),
      technology: prop("string", true, "Name of the current bridging technology"),
      bridge_type: {
        type: "string",
        required: true,
        description: "Type of bridge technology",
        allowableValues: { valueType: "LIST", values: ["mixing", "holding"] },
      },
      bridge_class: prop("string", true, "Bridging class"),
      creator: prop("string", true, "Entity that created the bridge"),
      name: prop("string", true, "Name the creator gave the bridge"),
      channels: prop("List[string]", true, "Ids of channels participating in this bridge"),
      video_mode: prop("string", false, "The video mode the bridge is using."),
      creationtime: prop("Date", true, "Timestamp when bridge was created"),
    }),
  ],
);
