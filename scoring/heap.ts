/**
 * A binary min-heap of (key, node) with lazy deletion: a node may be pushed again with a smaller
 * key and stale entries are skipped by the caller. Equal keys pop the smaller node first, so
 * runs are deterministic.
 */
export class MinHeap {
  private keys = new Float64Array(64);
  private nodes = new Int32Array(64);
  private n = 0;

  get size(): number {
    return this.n;
  }

  clear(): void {
    this.n = 0;
  }

  push(key: number, node: number): void {
    if (this.n === this.keys.length) this.grow();
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(key, node, this.keys[parent]!, this.nodes[parent]!)) break;
      this.keys[i] = this.keys[parent]!;
      this.nodes[i] = this.nodes[parent]!;
      i = parent;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
  }

  /** Key of the smallest entry; the heap must not be empty. */
  peekKey(): number {
    return this.keys[0]!;
  }

  /** Removes the smallest entry and returns its node; the heap must not be empty. */
  pop(): number {
    const top = this.nodes[0]!;
    const key = this.keys[--this.n]!;
    const node = this.nodes[this.n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= this.n) break;
      if (c + 1 < this.n && this.less(this.keys[c + 1]!, this.nodes[c + 1]!, this.keys[c]!, this.nodes[c]!)) c++;
      if (!this.less(this.keys[c]!, this.nodes[c]!, key, node)) break;
      this.keys[i] = this.keys[c]!;
      this.nodes[i] = this.nodes[c]!;
      i = c;
    }
    this.keys[i] = key;
    this.nodes[i] = node;
    return top;
  }

  private less(k1: number, n1: number, k2: number, n2: number): boolean {
    return k1 < k2 || (k1 === k2 && n1 < n2);
  }

  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    keys.set(this.keys);
    const nodes = new Int32Array(this.nodes.length * 2);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}
