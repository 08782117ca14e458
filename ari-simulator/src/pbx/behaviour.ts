/**
 * What a called party does in the simulator's world: the outcome of dialling an endpoint, or of a
 * Local channel's `;2` half running an extension.
 *
 * - `stasis`: the channel runs `Stasis(app,args...)` (like the recordings' `from-customer` context).
 * - `answer`: rings for `afterMs` ms (none when 0), then answers (like the `agents` context).
 * - `ring`: rings until the dial times out or is cancelled.
 * - `busy`, `congestion`: the callee signals busy (cause 17) or congestion (cause 34).
 * - `reject`: the callee declines (cause 21).
 * - `fail`: the callee cannot be reached at all.
 *
 * `label`, when given, is the text of the `NoOp()` the extension starts with in the dialplan
 * (`${EXTEN}` is replaced by the extension), as the recorded dialplan does.
 */
export type Behaviour =
  | { kind: "stasis"; app: string; args: string[]; label?: string }
  | { kind: "answer"; afterMs: number; label?: string }
  | { kind: "ring"; label?: string }
  | { kind: "busy"; label?: string }
  | { kind: "congestion"; label?: string }
  | { kind: "reject"; label?: string }
  | { kind: "fail" };
