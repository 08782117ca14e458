/**
 * Which of this process's own event log entries its relay must deliver. The publisher delivers an
 * event once Redis answered its XADD; when the answer is lost (Redis stopped after running the
 * command but before writing the reply, and ioredis rejects the command with
 * MaxRetriesPerRequestError or "Connection is closed" instead of sending it again), the entry is
 * in the log but nobody delivered it. The relay reads every entry anyway, so it delivers those,
 * and only those: each entry carries its publish's sequence number (field `seq`), and this ledger
 * knows which sequence numbers are waiting for a reply and which lost theirs.
 *
 * An entry is delivered at most once: by the publisher when the reply came, by the relay when it
 * read the entry after the publish failed, or by the publisher (which then reports success) when
 * the relay read the entry before the publish failed.
 */

/** A log entry as XREAD returns it: id and flat field/value list. */
export type RawLogEntry = [id: string, fields: string[]];

/** The outcome of {@link UnconfirmedAppends.readOwn}. */
export type OwnEntryAction = "deliver" | "skip";

export class UnconfirmedAppends {
  /** Sequence numbers whose XADD was sent and not yet answered. */
  private readonly inFlight = new Set<number>();
  /** Sequence numbers whose XADD failed; the relay delivers their entry if it shows up. */
  private readonly failed = new Set<number>();
  /** Entries the relay read while their XADD was still unanswered, by sequence number. */
  private readonly readEarly = new Map<number, RawLogEntry>();
  private next = 0;

  /** A new sequence number, marked as waiting for its reply. */
  begin(): number {
    const seq = ++this.next;
    this.inFlight.add(seq);
    return seq;
  }

  /** Redis answered `seq`'s XADD: the publisher delivers it. */
  confirm(seq: number): void {
    this.inFlight.delete(seq);
    if (this.readEarly.size > 0) this.readEarly.delete(seq);
  }

  /**
   * `seq`'s XADD failed. Returns its entry when the relay already read it from the log (it was
   * appended: the publisher delivers it and reports success); otherwise the relay delivers it if
   * it ever reads it.
   */
  fail(seq: number): RawLogEntry | undefined {
    this.inFlight.delete(seq);
    const entry = this.readEarly.get(seq);
    if (entry) {
      this.readEarly.delete(seq);
      return entry;
    }
    this.failed.add(seq);
    return undefined;
  }

  /**
   * The relay read this process's own entry `seq` (field `seq`; undefined in entries logged before
   * the field existed, which were delivered by their publisher).
   * @returns "deliver" when its publish failed, so nobody delivered it; "skip" otherwise.
   */
  readOwn(seq: number | undefined, entry: RawLogEntry): OwnEntryAction {
    if (seq === undefined) return "skip";
    if (this.failed.size > 0) {
      // One connection runs its commands in order, so a failed append older than this entry that
      // is not in the log yet never will be.
      for (const older of this.failed) if (older < seq) this.failed.delete(older);
      if (this.failed.delete(seq)) return "deliver";
    }
    if (this.inFlight.has(seq)) this.readEarly.set(seq, entry);
    return "skip";
  }
}
