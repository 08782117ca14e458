/**
 * Q.850 hangup causes as Asterisk names them (source: Asterisk main/channel.c `causes[]` and
 * include/asterisk/causes.h). Only the causes the simulator can produce are listed.
 */
export const Cause = {
  unknown: 0,
  unallocated: 1,
  noRouteDestination: 3,
  normalClearing: 16,
  userBusy: 17,
  noUserResponse: 18,
  noAnswer: 19,
  callRejected: 21,
  answeredElsewhere: 26,
  invalidNumberFormat: 28,
  normalUnspecified: 31,
  congestion: 34,
  networkOutOfOrder: 38,
  bearerCapabilityNotAvailable: 58,
  interworking: 127,
} as const;

const causeText = new Map<number, string>([
  [Cause.unallocated, "Unallocated (unassigned) number"],
  [Cause.noRouteDestination, "No route to destination"],
  [Cause.normalClearing, "Normal Clearing"],
  [Cause.userBusy, "User busy"],
  [Cause.noUserResponse, "No user responding"],
  [Cause.noAnswer, "User alerting, no answer"],
  [Cause.callRejected, "Call Rejected"],
  [Cause.answeredElsewhere, "Answered elsewhere"],
  [Cause.invalidNumberFormat, "Invalid number format"],
  [Cause.normalUnspecified, "Normal, unspecified"],
  [Cause.congestion, "Circuit/channel congestion"],
  [Cause.networkOutOfOrder, "Network out of order"],
  [Cause.bearerCapabilityNotAvailable, "Bearer capability not available"],
  [Cause.interworking, "Interworking, unspecified"],
]);

/** The `cause_txt` Asterisk reports for a cause code; "Unknown" for codes it has no text for. */
export function causeToText(cause: number): string {
  return causeText.get(cause) ?? "Unknown";
}

/**
 * Maps the `reason` of `DELETE /channels/{channelId}` to a cause code, or undefined when Asterisk
 * rejects the reason (source: Asterisk res/ari/resource_channels.c `convert_reason_to_hangup_code`).
 */
export function hangupReasonToCause(reason: string): number | undefined {
  const causes: Record<string, number> = {
    normal: Cause.normalClearing,
    busy: Cause.userBusy,
    congestion: Cause.congestion,
    no_answer: Cause.noAnswer,
    timeout: Cause.noUserResponse,
    rejected: Cause.callRejected,
    unallocated: Cause.unallocated,
    normal_unspecified: Cause.normalUnspecified,
    number_incomplete: Cause.invalidNumberFormat,
    codec_mismatch: Cause.bearerCapabilityNotAvailable,
    interworking: Cause.interworking,
    failure: Cause.networkOutOfOrder,
    answered_elsewhere: Cause.answeredElsewhere,
  };
  return Object.hasOwn(causes, reason) ? causes[reason] : undefined;
}
