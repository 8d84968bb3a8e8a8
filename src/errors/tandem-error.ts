/** Base of every error tandem raises on purpose; callers branch on the subclasses. */
export class TandemError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}
