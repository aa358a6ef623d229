/** A FIFO with a bound: what the client sends while offline, flushed in order on reconnect. */
export class BoundedQueue<T> {
  #items: T[] = [];
  readonly max: number;
  constructor(max: number) {
    this.max = max;
  }

  get size(): number {
    return this.#items.length;
  }

  /** False (and nothing queued) when full. */
  push(item: T): boolean {
    if (this.#items.length >= this.max) return false;
    this.#items.push(item);
    return true;
  }

  /** Everything, oldest first, leaving the queue empty. */
  drain(): T[] {
    const items = this.#items;
    this.#items = [];
    return items;
  }
}
