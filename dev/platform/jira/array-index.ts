/**
 * A lookup derived from one of the site's plain arrays (issues, comments, worklogs, users),
 * so a 20,000-issue site answers each call without scanning. The data stays plain (the
 * sandbox persists it, tests edit it), so the index notices when the array was replaced or
 * changed length and builds itself again; JiraSite's own push and splice keep it current
 * instead. An edit that keeps the length and changes a key field in place is not noticed:
 * lookups verify what they find (see JiraSite).
 */
export class ArrayIndex<T> {
  private source: readonly T[] | undefined;
  private size = -1;
  private readonly map = new Map<string, T[]>();

  constructor(private readonly keysOf: (item: T) => readonly string[]) {}

  /** The items under `key`, in array order. */
  get(items: readonly T[], key: string): readonly T[] {
    this.sync(items);
    return this.map.get(key) ?? [];
  }

  first(items: readonly T[], key: string): T | undefined {
    return this.get(items, key)[0];
  }

  /** Builds the index again on the next lookup. */
  reset(): void {
    this.source = undefined;
  }

  /** After `items.push(item)`: keeps a current index current without a rebuild. */
  pushed(items: readonly T[], item: T): void {
    if (this.source !== items || this.size !== items.length - 1) return;
    this.insert(item);
    this.size = items.length;
  }

  /** After `item` was spliced out of `items`. */
  removed(items: readonly T[], item: T): void {
    if (this.source !== items || this.size !== items.length + 1) return;
    for (const key of this.keysOf(item)) {
      const list = this.map.get(key);
      if (!list) continue;
      const rest = list.filter((i) => i !== item);
      if (rest.length === 0) this.map.delete(key);
      else this.map.set(key, rest);
    }
    this.size = items.length;
  }

  private sync(items: readonly T[]): void {
    if (items === this.source && items.length === this.size) return;
    this.map.clear();
    for (const item of items) this.insert(item);
    this.source = items;
    this.size = items.length;
  }

  private insert(item: T): void {
    for (const key of this.keysOf(item)) {
      const list = this.map.get(key);
      if (list) list.push(item);
      else this.map.set(key, [item]);
    }
  }
}
