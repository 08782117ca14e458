import { type ErrorResponse, type Operation, declaration, model, pathParam, prop, queryParam, variablesBody } from "./listing.js";

const channelId = pathParam("channelId", "Channel's id");
const notFound: ErrorResponse = { code: 404, reason: "Channel not found" };
const notInStasis: ErrorResponse = { code: 409, reason: "Channel not in a Stasis application" };
const invalidState: ErrorResponse = { code: 412, reason: "Channel in invalid state" };

/** The hang-up reasons Asterisk accepts on `DELETE /channels/{channelId}`. */
export const hangupReasons = [
  "normal", "busy", "congestion", "no_answer", "timeout", "rejected", "unallocated",
  "normal_unspecified", "number_incomplete", "codec_mismatch", "interworking", "failure", "answered_elsewhere",
];

function originateParams(withPathId: boolean) {
  return [
    ...(withPathId ? [pathParam("channelId", "The unique id to assign the channel on creation.")] : []),
    queryParam("endpoint", "string", "Endpoint to call.", { required: true }),
    queryParam("extension", "string", "The extension to dial after the endpoint answers. Mutually exclusive with 'app'."),
    queryParam("context", "string", "The context to dial after the endpoint answers. If omitted, uses 'default'."),
    queryParam("priority", "long", "The priority to dial after the endpoint answers. If omitted, uses 1."),
    queryParam("app", "string", "The Stasis application the originated channel enters when answered."),
    queryParam("appArgs", "string", "The comma-separated arguments passed to the Stasis application."),
    queryParam("callerId", "string", "CallerID to use when dialing the endpoint or extension."),
    queryParam("timeout", "int", "Timeout (in seconds) before giving up dialing, or -1 for no timeout.", { defaultValue: 30 }),
    variablesBody("The \"variables\" key in the body object holds variable key/value pairs to set on the channel on creation."),
    ...(withPathId ? [] : [queryParam("channelId", "string", "The unique id to assign the channel on creation.")]),
    queryParam("otherChannelId", "string", "The unique id to assign the second channel when using local channels."),
  ];
}

function voidOperation(httpMethod: Operation["httpMethod"], nickname: string, summary: string, extra: Operation["parameters"] = []): Operation {
  return {
    httpMethod,
    summary,
    nickname,
    responseClass: "void",
    parameters: [channelId, ...extra],
    errorResponses: [notFound, notInStasis, invalidState],
  };
}

const muteDirection = queryParam("direction", "string", "Direction in which to mute audio", {
  defaultValue: "both",
  values: ["both", "in", "out"],
});

/** The simulator's `channels` listing: the channel operations it implements. */
export const channelsListing = declaration(
  "channels",
  [
    {
      path: "/channels",
      description: "Active channels",
      operations: [
        { httpMethod: "GET", summary: "List all active channels in Asterisk.", nickname: "list", responseClass: "List[Channel]" },
        {
          httpMethod: "POST",
          summary: "Create a new channel (originate).",
          nickname: "originate",
          responseClass: "Channel",
          parameters: originateParams(false),
          errorResponses: [
            { code: 400, reason: "Invalid parameters for originating a channel." },
            { code: 409, reason: "Channel with given unique ID already exists." },
          ],
        },
      ],
    },
    {
      path: "/channels/create",
      description: "Create a channel and place it in a Stasis app, but do not dial the channel yet.",
      operations: [
        {
          httpMethod: "POST",
          summary: "Create channel.",
          nickname: "create",
          responseClass: "Channel",
          parameters: [
            queryParam("endpoint", "string", "Endpoint for channel communication", { required: true }),
            queryParam("app", "string", "Stasis Application to place channel into", { required: true }),
            queryParam("appArgs", "string", "The comma-separated arguments passed to the Stasis application."),
            queryParam("channelId", "string", "The unique id to assign the channel on creation."),
            queryParam("otherChannelId", "string", "The unique id to assign the second channel when using local channels."),
            variablesBody("The \"variables\" key in the body object holds variable key/value pairs to set on the channel on creation."),
          ],
          errorResponses: [{ code: 409, reason: "Channel with given unique ID already exists." }],
        },
      ],
    },
    {
      path: "/channels/{channelId}",
      description: "Active channel",
      operations: [
        { httpMethod: "GET", summary: "Channel details.", nickname: "get", responseClass: "Channel", parameters: [channelId], errorResponses: [notFound] },
        {
          httpMethod: "POST",
          summary: "Create a new channel (originate with id).",
          nickname: "originateWithId",
          responseClass: "Channel",
          parameters: originateParams(true),
          errorResponses: [
            { code: 400, reason: "Invalid parameters for originating a channel." },
            { code: 409, reason: "Channel with given unique ID already exists." },
          ],
        },
        {
          httpMethod: "DELETE",
          summary: "Delete (i.e. hangup) a channel.",
          nickname: "hangup",
          responseClass: "void",
          parameters: [
            channelId,
            queryParam("reason", "string", "Reason for hanging up the channel for simple use.", { values: hangupReasons }),
          ],
          errorResponses: [{ code: 400, reason: "Invalid reason for hangup provided" }, notFound],
        },
      ],
    },
    {
      path: "/channels/{channelId}/continue",
      description: "Exit application; continue execution in the dialplan",
      operations: [
        voidOperation("POST", "continueInDialplan", "Exit application; continue execution in the dialplan.", [
          queryParam("context", "string", "The context to continue to."),
          queryParam("extension", "string", "The extension to continue to."),
        ]),
      ],
    },
    {
      path: "/channels/{channelId}/redirect",
      description: "Inform the channel that it should redirect itself to a different location. Note that this will almost certainly cause the channel to exit the application.",
      operations: [
        {
          ...voidOperation("POST", "redirect", "Redirect the channel to a different location.", [
            queryParam("endpoint", "string", "The endpoint to redirect the channel to", { required: true }),
          ]),
          errorResponses: [
            { code: 400, reason: "Endpoint parameter not provided" },
            { code: 404, reason: "Channel or endpoint not found" },
            notInStasis,
            { code: 422, reason: "Endpoint is not the same type as the channel" },
            invalidState,
          ],
        },
      ],
    },
    { path: "/channels/{channelId}/answer", description: "Answer a channel", operations: [voidOperation("POST", "answer", "Answer a channel.")] },
    {
      path: "/channels/{channelId}/ring",
      description: "Send a ringing indication to a channel",
      operations: [
        voidOperation("POST", "ring", "Indicate ringing to a channel."),
        voidOperation("DELETE", "ringStop", "Stop ringing indication on a channel if locally generated."),
      ],
    },
    {
      path: "/channels/{channelId}/mute",
      description: "Mute a channel",
      operations: [
        voidOperation("POST", "mute", "Mute a channel.", [muteDirection]),
        voidOperation("DELETE", "unmute", "Unmute a channel.", [muteDirection]),
      ],
    },
    {
      path: "/channels/{channelId}/hold",
      description: "Put a channel on hold",
      operations: [
        voidOperation("POST", "hold", "Hold a channel."),
        voidOperation("DELETE", "unhold", "Remove a channel from hold."),
      ],
    },
    {
      path: "/channels/{channelId}/moh",
      description: "Play music on hold to a channel",
      operations: [
        voidOperation("POST", "startMoh", "Play music on hold to a channel.", [queryParam("mohClass", "string", "Music on hold class to use")]),
        voidOperation("DELETE", "stopMoh", "Stop playing music on hold to a channel."),
      ],
    },
    {
      path: "/channels/{channelId}/variable",
      description: "Variables on a channel",
      operations: [
        {
          httpMethod: "GET",
          summary: "Get the value of a channel variable or function.",
          nickname: "getChannelVar",
          responseClass: "Variable",
          parameters: [channelId, queryParam("variable", "string", "The channel variable or function to get", { required: true })],
          errorResponses: [{ code: 400, reason: "Missing variable parameter." }, { code: 404, reason: "Channel or variable not found" }, notInStasis],
        },
        {
          httpMethod: "POST",
          summary: "Set the value of a channel variable or function.",
          nickname: "setChannelVar",
          responseClass: "void",
          parameters: [
            channelId,
            queryParam("variable", "string", "The channel variable or function to set", { required: true }),
            queryParam("value", "string", "The value to set the variable to"),
          ],
          errorResponses: [{ code: 400, reason: "Missing variable parameter." }, notFound, notInStasis],
        },
      ],
    },
    {
      path: "/channels/{channelId}/dial",
      description: "Dial a channel",
      operations: [
        {
          httpMethod: "POST",
          summary: "Dial a created channel.",
          nickname: "dial",
          responseClass: "void",
          parameters: [
            channelId,
            queryParam("caller", "string", "Channel ID of caller"),
            queryParam("timeout", "int", "Dial timeout", { defaultValue: 0 }),
          ],
          errorResponses: [{ code: 404, reason: "Channel cannot be found." }, { code: 409, reason: "Channel cannot be dialed." }],
        },
      ],
    },
  ],
  [
    model("CallerID", "Caller identification", { name: prop("string", true), number: prop("string", true) }),
    model("DialplanCEP", "Dialplan location (context/extension/priority)", {
      context: prop("string", true, "Context in the dialplan"),
      exten: prop("string", true, "Extension in the dialplan"),
      priority: prop("long", true, "Priority in the dialplan"),
      app_name: prop("string", true, "Name of current dialplan application"),
      app_data: prop("string", true, "Parameter of current dialplan application"),
    }),
    model("Channel", "A specific communication connection between Asterisk and an Endpoint.", {
      id: prop("string", true, "Unique identifier of the channel."),
      protocol_id: prop("string", true, "Protocol id from underlying channel driver (i.e. Call-ID for chan_pjsip)."),
      name: prop("string", true, "Name of the channel (i.e. PJSIP/1001-00000001)"),
      state: {
        type: "string",
        required: true,
        allowableValues: { valueType: "LIST", values: ["Down", "Ring", "Ringing", "Up"] },
      },
      caller: prop("CallerID", true),
      connected: prop("CallerID", true),
      accountcode: prop("string", true),
      dialplan: prop("DialplanCEP", true, "Current location in the dialplan"),
      creationtime: prop("Date", true, "Timestamp when channel was created"),
      language: prop("string", true, "The default spoken language"),
    }),
  ],
);
