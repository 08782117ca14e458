/**
 * Runs tasks one at a time per key (for example per session id), in arrival order, while tasks for
 * different keys run concurrently.
 *
 * ARI events and screen commands for one call interleave across `await`s; running them in order per
 * session keeps each handler's reads consistent with its writes. Redis scripts still guard every
 * transition, so this is about tidy ordering within one process, not about correctness across nodes.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every earlier task with the same key has settled; resolves with its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** Keys with work queued or running. */
  get size(): number {
    return this.tails.size;
  }
}
