/**
 * Every action a mediator, a coordinator or a volunteer takes is one command. A command owns the
 * whole of its action: who may take it (`roles`), what it takes (`input`, a zod schema), and in
 * `run` the business rules and the writes, reading each record once. It says what happened by
 * raising domain events (events.ts); it never audits, queues a job or sends an e-mail itself:
 * the runner hands its events to the one dispatcher once `run` has succeeded.
 *
 * To add a command:
 *   1. write `export const doThing = command({ name: 'thing.do', roles: [...], input: z.strictObject({...}), async run(ctx, input) {...} })`
 *      in the module of its service (commands/tandems.ts, commands/volunteers.ts, …), raising
 *      events with `ctx.raise(...)` (add an event type to events.ts if none says it);
 *   2. say in dispatcher.ts what its new events lead to (audit entry, jobs);
 *   3. call it from a route handler (`commands.run(doThing, caller.actor, input)`) and, through
 *      the route, from a page (`perform(...)`); the route does nothing else (no store write, no rule);
 *   4. test it on the embedded store in test/integration/services/commands*.test.ts.
 */
import { z } from 'zod';
import { dayOf, type Role } from '../../domain/index.js';
import { PreconditionFailedError } from '../../errors/precondition-failed-error.js';
import { ValidationError } from '../../errors/validation-error.js';
import type { Clock, Logger, Store } from '../../store/ports.js';
import { requireRole, type Actor } from '../context.js';
import type { JobSink } from '../../domain/jobs.js';
import { Dispatcher, NO_JOBS, queueIntents } from '../dispatcher.js';
import type { DomainEvent } from '../events.js';

/** The version of a record the caller read (If-Match): a command refuses to change any other. */
export const ExpectedVersion = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional();

/** The record as read, if the caller read that version of it (or named none); 412 otherwise. */
export function asRead<T extends { id: string; version: number }>(
  kind: string,
  record: T,
  expectedVersion: number | undefined,
): T {
  if (expectedVersion !== undefined && expectedVersion !== record.version)
    throw new PreconditionFailedError(kind, record.id, expectedVersion, record.version);
  return record;
}

/** A day that has happened (Brussels time): news of the future is a typing mistake, and would keep a tandem from lapsing. */
export function pastDay(ctx: CommandContext, day: string, field: string, notBefore?: { day: string; what: string }) {
  const today = dayOf(ctx.clock.now());
  if (day > today) throw new ValidationError([{ field, message: `must not be after today (${today})` }]);
  if (notBefore && day < notBefore.day)
    throw new ValidationError([{ field, message: `must not be before ${notBefore.what} (${notBefore.day})` }]);
}

export interface CommandContext {
  actor: Actor;
  store: Store;
  clock: Clock;
  logger: Logger;
  /** Records what happened; dispatched once the command succeeded. */
  raise(event: DomainEvent | undefined): void;
}

export interface Command<S extends z.ZodType, R> {
  /** `<record>.<verb>`, as the audit trail names actions. */
  readonly name: string;
  /** Staff roles that may take it (the system may take any). */
  readonly roles: readonly Role[];
  readonly input: S;
  run(ctx: CommandContext, input: z.output<S>): Promise<R>;
}

/** Declares a command (the identity; it lets TypeScript infer `run`'s input from the schema). */
export function command<S extends z.ZodType, R>(spec: Command<S, R>): Command<S, R> {
  return spec;
}

/** Runs commands: access, validation, the command, then its events through the dispatcher. */
export class Commands {
  constructor(private readonly deps: { store: Store; clock: Clock; logger: Logger; dispatcher: Dispatcher }) {}

  async run<S extends z.ZodType, R>(cmd: Command<S, R>, actor: Actor, input: z.input<S>): Promise<R> {
    requireRole(actor, cmd.roles);
    const parsed = cmd.input.safeParse(input);
    if (!parsed.success) throw ValidationError.fromZod(parsed.error, ['body']);
    return this.act(actor, (ctx) => cmd.run(ctx, parsed.data));
  }

  /** Runs a step that is not a person's action (the nightly lapse check) with a context, then its events. */
  async act<R>(actor: Actor, step: (ctx: CommandContext) => Promise<R>): Promise<R> {
    const events: DomainEvent[] = [];
    const { store, clock, logger, dispatcher } = this.deps;
    const result = await step({ actor, store, clock, logger, raise: (event) => void (event && events.push(event)) });
    await dispatcher.dispatch(actor, events);
    return result;
  }
}

/**
 * A runner over service dependencies: follow-up jobs go to `jobs`; without one (maintenance
 * commands, store tests) none is queued.
 */
export function commandsFor(deps: {
  store: Store;
  clock: Clock;
  logger: Logger;
  jobs?: JobSink | undefined;
  /** Base of the links in e-mails. */
  publicUrl?: string | undefined;
}): Commands {
  const intents = deps.jobs ? queueIntents(deps.jobs) : NO_JOBS;
  return new Commands({ ...deps, dispatcher: new Dispatcher({ ...deps, intents }) });
}
