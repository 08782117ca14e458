/**
 * The ledger that decides which of this process's own log entries its relay delivers: exactly
 * those whose append failed, whichever of the reply (or its loss) and the relay's read comes first.
 */
import { describe, expect, it } from "vitest";
import { UnconfirmedAppends, type RawLogEntry } from "../../src/ws/unconfirmed-appends.js";

const entry = (id: string, seq: number): RawLogEntry => [id, ["event", "agent_status_updated", "data", "{}", "audience", "{}", "node", "n1", "seq", String(seq)]];

describe("UnconfirmedAppends", () => {
  it("leaves an answered append to the publisher, read before or after the reply", () => {
    const ledger = new UnconfirmedAppends();
    const early = ledger.begin();
    expect(ledger.readOwn(early, entry("1-0", early))).toBe("skip");
    ledger.confirm(early);
    const late = ledger.begin();
    ledger.confirm(late);
    expect(ledger.readOwn(late, entry("2-0", late))).toBe("skip");
  });

  it("has the relay deliver a failed append it reads afterwards, once", () => {
    const ledger = new UnconfirmedAppends();
    const seq = ledger.begin();
    expect(ledger.fail(seq)).toBeUndefined();
    expect(ledger.readOwn(seq, entry("1-0", seq))).toBe("deliver");
    expect(ledger.readOwn(seq, entry("1-0", seq))).toBe("skip");
  });

  it("gives the publisher a failed append's entry the relay read before the failure", () => {
    const ledger = new UnconfirmedAppends();
    const seq = ledger.begin();
    expect(ledger.readOwn(seq, entry("1-0", seq))).toBe("skip");
    expect(ledger.fail(seq)).toEqual(entry("1-0", seq));
    expect(ledger.readOwn(seq, entry("1-0", seq))).toBe("skip");
  });

  it("forgets failed appends older than an own entry read, which can no longer be logged", () => {
    const ledger = new UnconfirmedAppends();
    const lost = ledger.begin();
    ledger.fail(lost);
    const next = ledger.begin();
    ledger.confirm(next);
    expect(ledger.readOwn(next, entry("2-0", next))).toBe("skip");
    expect(ledger.readOwn(lost, entry("1-0", lost))).toBe("skip");
  });

  it("skips own entries without a sequence number (logged before the field existed)", () => {
    const ledger = new UnconfirmedAppends();
    ledger.fail(ledger.begin());
    expect(ledger.readOwn(undefined, ["1-0", []])).toBe("skip");
  });
});
