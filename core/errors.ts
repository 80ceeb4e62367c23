/**
 * The one base class of the desk's coded errors.
 *
 * Each kind of failure is a subclass with its own union of `code` strings, so a caller
 * switches on `err.code` (stable for programs) and shows `err.message` (for humans). The
 * underlying failure, when there is one, travels as the standard `cause`, which the logger
 * prints with its stack.
 *
 * @example
 * ```ts
 * export type ShelfErrorCode = "SHELF_FULL" | "SHELF_LOCKED";
 * export class ShelfError extends DeskError<ShelfErrorCode> {}
 *
 * try {
 *   throw new ShelfError("SHELF_FULL", "the shelf holds 20 parts", { cause: dbErr });
 * } catch (err) {
 *   if (err instanceof ShelfError && err.code === "SHELF_FULL") reply(t("shelf.full"));
 *   else if (err instanceof DeskError) log.error("shelf.failed", { err }); // any coded error
 * }
 * ```
 */
export class DeskError<C extends string = string> extends Error {
  /** Stable, machine-readable reason; one of the subclass's codes. */
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause !== undefined ? { cause: options.cause } : undefined);
    this.code = code;
    // the subclass's own name ("CalendarError", …), so logs and stacks say which kind it is
    this.name = new.target.name;
  }
}
