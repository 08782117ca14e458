import { type Model, type ModelProperty, declaration, model, prop, queryParam } from "./listing.js";

const channel = prop("Channel", true);

/**
 * The event types the simulator emits with their own properties. ari-client looks each received
 * event's `type` up in these models and turns the `Channel`/`Bridge`/`LiveRecording` properties
 * into resource instances, so every emitted type must be declared here.
 */
const eventModels: Record<string, [description: string, properties: Record<string, ModelProperty>]> = {
  ApplicationReplaced: ["Notification that another WebSocket has taken over for an application.", {}],
  BridgeDestroyed: ["Notification that a bridge has been destroyed.", { bridge: prop("Bridge", true) }],
  ChannelCallerId: ["Channel changed Caller ID.", {
    caller_presentation: prop("int", true, "The integer representation of the Caller Presentation value."),
    caller_presentation_txt: prop("string", true, "The text representation of the Caller Presentation value."),
    channel: prop("Channel", true, "The channel that changed Caller ID."),
  }],
  ChannelConnectedLine: ["Channel changed Connected Line.", { channel: prop("Channel", true, "The channel whose connected line has changed.") }],
  ChannelDestroyed: ["Notification that a channel has been destroyed.", {
    cause: prop("int", true, "Integer representation of the cause of the hangup"),
    cause_txt: prop("string", true, "Text representation of the cause of the hangup"),
    channel,
  }],
  ChannelDialplan: ["Channel changed location in the dialplan.", {
    channel: prop("Channel", true, "The channel that changed dialplan location."),
    dialplan_app: prop("string", true, "The application about to be executed."),
    dialplan_app_data: prop("string", true, "The data to be passed to the application."),
  }],
  ChannelEnteredBridge: ["Notification that a channel has entered a bridge.", { bridge: prop("Bridge", true), channel: prop("Channel", false) }],
  ChannelHangupRequest: ["A hangup was requested on the channel.", {
    cause: prop("int", false, "Integer representation of the cause of the hangup."),
    soft: prop("boolean", false, "Whether the hangup request was a soft hangup request."),
    channel: prop("Channel", true, "The channel on which the hangup was requested."),
  }],
  ChannelLeftBridge: ["Notification that a channel has left a bridge.", { bridge: prop("Bridge", true), channel: prop("Channel", true) }],
  ChannelStateChange: ["Notification of a channel's state change.", { channel }],
  ChannelVarset: ["Channel variable changed.", {
    variable: prop("string", true, "The variable that changed."),
    value: prop("string", true, "The new value of the variable."),
    channel: prop("Channel", false, "The channel on which the variable was set."),
  }],
  Dial: ["Dialing state has changed.", {
    peer: prop("Channel", true, "The dialed channel."),
    forward: prop("string", false, "Forwarding target requested by the original dialed channel."),
    dialstring: prop("string", false, "The dial string for calling the peer channel."),
    dialstatus: prop("string", true, "Current status of the dialing attempt to the peer."),
  }],
  RecordingFinished: ["Event showing the completion of a recording operation.", { recording: prop("LiveRecording", true, "Recording control object") }],
  RecordingStarted: ["Event showing the start of a recording operation.", { recording: prop("LiveRecording", true, "Recording control object") }],
  StasisEnd: ["Notification that a channel has left a Stasis application.", { channel }],
  StasisStart: ["Notification that a channel has entered a Stasis application.", {
    args: prop("List[string]", true, "Arguments to the application"),
    channel,
  }],
};

const message: Model = {
  ...model("Message", "Base type for errors and events", {
    type: prop("string", true, "Indicates the type of this message."),
    asterisk_id: prop("string", false, "The unique ID for the Asterisk instance that raised this event."),
  }),
  discriminator: "type",
  subTypes: ["Event"],
};

const event: Model = {
  ...model("Event", "Base type for asynchronous events from Asterisk.", {
    application: prop("string", true, "Name of the application receiving the event."),
    timestamp: prop("Date", true, "Time at which this event was created."),
  }),
  subTypes: Object.keys(eventModels),
};

/** The simulator's `events` listing: the `/events` WebSocket and the models of the events it sends. */
export const eventsListing = declaration(
  "events",
  [
    {
      path: "/events",
      description: "Events from Asterisk to applications",
      operations: [
        {
          httpMethod: "GET",
          upgrade: "websocket",
          websocketProtocol: "ari",
          summary: "WebSocket connection for events.",
          nickname: "eventWebsocket",
          responseClass: "Message",
          parameters: [
            queryParam("app", "string", "Applications to subscribe to.", { required: true, allowMultiple: true }),
            queryParam("subscribeAll", "boolean", "Subscribe to all Asterisk events."),
          ],
        },
      ],
    },
  ],
  [message, event, ...Object.entries(eventModels).map(([id, [description, properties]]) => model(id, description, properties))],
  "1.2",
);
