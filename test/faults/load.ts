/**
 * Clients writing through the API while faults happen: each a mediator signed in over HTTP, with
 * people of its own (so what it wrote last is what the store must hold), doing what mediators do
 * (edit people, take people in, confirm proposals, record first meetings and check-ins, close
 * tandems) and what the public does (sign up). Every write is logged with its answer, to check
 * afterwards that every 2xx write is stored and every 5xx one is not.
 */
import { dayOf, type Beneficiary, type Volunteer } from '../../src/domain/index.js';
import type { Deployment } from './deployment.js';
import { PASSWORD } from './deployment.js';
import { sleep, type Random } from './processes.js';

export type WriteKind =
  | 'beneficiary.patch'
  | 'volunteer.patch'
  | 'intake'
  | 'signup'
  | 'confirm'
  | 'first-meeting'
  | 'check-in'
  | 'close'
  | 'match-run';

/** A write's answer: an HTTP status, or no answer at all. */
export type Answer = number | 'network' | 'timeout';

export interface Write {
  client: number;
  kind: WriteKind;
  /** A value no other write uses, stored by the write (a name, a note, an e-mail, an Idempotency-Key). */
  tag: string;
  /** The record written, when known before the answer. */
  target?: string;
  answer: Answer;
  retryAfter?: string;
  /** 1 for the first try; a retry (same Idempotency-Key) after a 503 or no answer counts on. */
  attempt?: number;
  /** What the answer returned: the record's id and version. */
  id?: string;
  version?: number;
  /** For tandem steps: the status the tandem has once this write is done. */
  status?: string;
  ms: number;
}

export interface Session {
  cookie: string;
  csrf: string;
}

const REQUEST_TIMEOUT_MS = 30_000;
/** Retries of a write with an Idempotency-Key (see Client.write): enough to outlast a 10 s outage. */
const RETRIES = 4;

export class Http {
  constructor(readonly url: string) {}

  async call<T = any>(
    method: string,
    path: string,
    options: { as?: Session; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ answer: Answer; body: T; headers?: Headers }> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.as) {
      headers.cookie = options.as.cookie;
      headers['x-csrf-token'] = options.as.csrf;
    }
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    try {
      const res = await fetch(`${this.url}/api/v1${path}`, {
        method,
        headers,
        ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      let body: unknown = text;
      if (/json/.test(res.headers.get('content-type') ?? '')) body = JSON.parse(text);
      return { answer: res.status, body: body as T, headers: res.headers };
    } catch (err) {
      const name = (err as Error).name;
      return { answer: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network', body: undefined as T };
    }
  }

  /** Signs in, retrying while the services come up. */
  async login(email: string): Promise<Session> {
    for (let i = 0; i < 60; i++) {
      const res = await this.call<{ csrfToken: string }>('POST', '/session', { body: { email, password: PASSWORD } });
      if (res.answer === 201) {
        const cookie = res
          .headers!.getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; ');
        return { cookie, csrf: res.body.csrfToken };
      }
      await sleep(1000);
    }
    throw new Error(`cannot sign in as ${email}`);
  }
}

/** One PATCH of a person, renamed `tag` (so the checks find what it stored), as a write to check. */
export async function patchTagged(
  http: Http,
  as: Session,
  kind: 'beneficiary' | 'volunteer',
  id: string,
  tag: string,
  change: Record<string, unknown>,
): Promise<Write> {
  const t0 = Date.now();
  const res = await http.call('PATCH', `/${kind === 'beneficiary' ? 'beneficiaries' : 'volunteers'}/${id}`, {
    as,
    body: { contact: { firstName: tag }, ...change },
  });
  return { client: 0, kind: `${kind}.patch`, tag, target: id, answer: res.answer, ms: Date.now() - t0 };
}

const SLOTS = [
  [{ day: 'mon', start: '18:00', end: '20:00' }],
  [{ day: 'tue', start: '09:00', end: '12:00' }],
  [
    { day: 'wed', start: '14:00', end: '17:00' },
    { day: 'sat', start: '10:00', end: '12:00' },
  ],
  [
    { day: 'thu', start: '17:00', end: '21:00' },
    { day: 'sun', start: '10:00', end: '16:00' },
  ],
  [
    { day: 'mon', start: '09:00', end: '17:00' },
    { day: 'fri', start: '09:00', end: '17:00' },
  ],
] as const;

const ok = (answer: Answer) => typeof answer === 'number' && answer >= 200 && answer < 300;

type TandemState = { id: string; version: number; status: 'proposed' | 'active'; checkIns: number } | undefined;

/** One mediator's writes, in a loop until stopped. */
class Client {
  private session!: Session;
  private readonly versions = new Map<string, number>();
  private tandem: TandemState;
  /** Records a write answered 5xx or not at all left in an unknown state: this client writes them no more. */
  private readonly unsure = new Set<string>();

  constructor(
    readonly index: number,
    private readonly load: Load,
    private readonly beneficiaries: Beneficiary[],
    private readonly volunteers: Volunteer[],
  ) {}

  async start(): Promise<void> {
    this.session = await this.load.http.login(this.load.deployment.mediators[this.index]!.email);
    for (const p of [...this.beneficiaries, ...this.volunteers]) this.versions.set(p.id, p.version);
  }

  private tag(what: string) {
    return `${what}${this.index}n${++this.load.seq}`;
  }

  private async write(
    kind: WriteKind,
    method: string,
    path: string,
    body: unknown,
    tag: string,
    extra: Partial<Write> & { headers?: Record<string, string>; as?: Session; retry?: boolean } = {},
  ) {
    const { headers, as, retry, ...fields } = extra;
    // With `retry`, the write carries an Idempotency-Key and is sent again, as a careful client
    // would, while it is answered 503 or not at all.
    const sent = retry ? { ...headers, 'idempotency-key': `faults-${tag}` } : headers;
    for (let attempt = 1; ; attempt++) {
      const t0 = Date.now();
      const res = await this.load.http.call(method, path, {
        as: as ?? this.session,
        body,
        ...(sent && { headers: sent }),
      });
      const retryAfter = res.headers?.get('retry-after');
      const write: Write = {
        client: this.index,
        kind,
        tag,
        answer: res.answer,
        ms: Date.now() - t0,
        attempt,
        ...fields,
        ...(retryAfter && { retryAfter }),
        ...(ok(res.answer) && res.body?.id && { id: res.body.id as string, version: res.body.version as number }),
      };
      this.load.writes.push(write);
      const again = res.answer === 503 || typeof res.answer !== 'number';
      if (!retry || !again || attempt === RETRIES + 1 || this.load.stopping) return { res, write };
      await sleep(Math.min(Number(retryAfter ?? 1) || 1, 5) * 1000);
    }
  }

  async step(rng: Random): Promise<void> {
    const roll = rng.next();
    if (roll < 0.35) return this.patchPerson(rng, 'beneficiary');
    if (roll < 0.55) return this.patchPerson(rng, 'volunteer');
    if (roll < 0.65) return this.intake(rng);
    if (roll < 0.68) return this.signUp(rng);
    return this.tandemStep(rng);
  }

  private async patchPerson(rng: Random, kind: 'beneficiary' | 'volunteer') {
    const person = kind === 'beneficiary' ? rng.pick(this.beneficiaries) : rng.pick(this.volunteers);
    if (this.unsure.has(person.id)) return;
    const tag = this.tag(kind[0]!);
    const change =
      kind === 'beneficiary' || rng.chance(0.6)
        ? { availability: rng.pick(SLOTS) }
        : { maxDistanceKm: rng.pick([3, 5, 8, 12]) };
    const { res } = await this.write(
      `${kind}.patch`,
      'PATCH',
      `/${kind === 'beneficiary' ? 'beneficiaries' : 'volunteers'}/${person.id}`,
      { contact: { firstName: tag }, ...change },
      tag,
      { target: person.id, headers: { 'if-match': `"${this.versions.get(person.id)}"` } },
    );
    if (ok(res.answer)) this.versions.set(person.id, res.body.version);
    else if (res.answer === 412) {
      // Stored by a write that was not answered 2xx: the check finds it by its name; carry on from there.
      const now = await this.load.http.call(
        'GET',
        `/${kind === 'beneficiary' ? 'beneficiaries' : 'volunteers'}/${person.id}`,
        { as: this.session },
      );
      if (now.answer === 200) this.versions.set(person.id, now.body.version);
    } else if (typeof res.answer !== 'number' || res.answer >= 500) this.unsure.add(person.id);
  }

  private async intake(rng: Random) {
    const like = rng.pick(this.beneficiaries);
    const tag = this.tag('i');
    await this.write(
      'intake',
      'POST',
      '/beneficiaries',
      {
        kind: 'person',
        contact: { firstName: tag },
        members: [],
        needs: like.needs,
        languages: like.languages,
        availability: rng.pick(SLOTS),
        place: like.place,
        preferences: {},
        programmeIds: [this.load.deployment.programme.id],
      },
      tag,
      { retry: true },
    );
  }

  private async signUp(rng: Random) {
    const like = rng.pick(this.volunteers);
    const tag = this.tag('s');
    const { deployment } = this.load;
    await this.write(
      'signup',
      'POST',
      '/volunteers',
      {
        organisation: deployment.org.slug,
        programmes: [deployment.programme.slug],
        locale: 'fr',
        consent: { accepted: true, textVersion: '2026-01' },
        kind: 'person',
        contact: { firstName: tag, email: `${tag}@people.test` },
        languages: like.languages,
        skills: like.skills,
        availability: rng.pick(SLOTS),
        place: like.place,
        maxDistanceKm: like.maxDistanceKm,
        capacity: 1,
      },
      tag,
      { as: { cookie: '', csrf: '' }, retry: true },
    );
  }

  private async tandemStep(rng: Random) {
    const t = this.tandem;
    const today = dayOf(new Date());
    if (!t) {
      const b = rng.pick(this.beneficiaries);
      if (this.unsure.has(b.id)) return;
      const proposals = await this.load.http.call('GET', `/beneficiaries/${b.id}/proposals`, { as: this.session });
      const first = proposals.answer === 200 ? proposals.body.items[0] : undefined;
      if (!first) return;
      const tag = this.tag('k');
      const { res } = await this.write(
        'confirm',
        'POST',
        '/tandems',
        {
          programmeId: first.programmeId,
          volunteerId: first.volunteerId,
          beneficiaryId: b.id,
          proposalId: first.id,
        },
        tag,
        { target: `${first.volunteerId}/${b.id}`, status: 'proposed', headers: { 'idempotency-key': `faults-${tag}` } },
      );
      if (ok(res.answer)) this.tandem = { id: res.body.id, version: res.body.version, status: 'proposed', checkIns: 0 };
      else if (typeof res.answer !== 'number' || res.answer >= 500) this.unsure.add(b.id);
      return;
    }
    const ifMatch = { 'if-match': `"${t.version}"` };
    const tag = this.tag('t');
    let res;
    if (t.status === 'proposed') {
      ({ res } = await this.write(
        'first-meeting',
        'POST',
        `/tandems/${t.id}/first-meeting`,
        { outcome: 'accepted', date: today, charterSigned: true },
        tag,
        { target: t.id, status: 'active', headers: ifMatch },
      ));
      if (ok(res.answer)) Object.assign(t, { version: res.body.version, status: 'active' });
    } else if (t.checkIns < 2 || rng.chance(0.5)) {
      ({ res } = await this.write(
        'check-in',
        'POST',
        `/tandems/${t.id}/check-ins`,
        { date: today, who: 'mediator', mood: 1 + rng.int(5), note: tag },
        tag,
        { target: t.id, status: 'active', headers: ifMatch, retry: true },
      ));
      if (ok(res.answer)) Object.assign(t, { version: res.body.version, checkIns: t.checkIns + 1 });
    } else {
      ({ res } = await this.write('close', 'POST', `/tandems/${t.id}/close`, { outcome: 'endured', note: tag }, tag, {
        target: t.id,
        status: 'closed',
        headers: ifMatch,
        retry: true,
      }));
      if (ok(res.answer)) this.tandem = undefined;
    }
    // A step answered otherwise leaves the tandem as the check will find it: start another.
    if (!ok(res.answer)) this.tandem = undefined;
  }
}

/** Four mediators writing at once, until stopped. */
export class Load {
  readonly writes: Write[] = [];
  readonly http: Http;
  seq = 0;
  private readonly clients: Client[] = [];
  private running?: Promise<void>;
  private stopped = false;

  /** Once stopped, writes are not retried any more. */
  get stopping(): boolean {
    return this.stopped;
  }

  constructor(
    readonly deployment: Deployment,
    private readonly rng: Random,
    private readonly options: { clients?: number; pauseMs?: [number, number] } = {},
  ) {
    this.http = new Http(deployment.url);
  }

  /** Signs the clients in and shares the people out among them. */
  async prepare(): Promise<void> {
    const { beneficiaries, volunteers } = await this.deployment.activePeople();
    const n = this.options.clients ?? 4;
    for (let i = 0; i < n; i++) {
      const own = <T>(all: T[]) => all.filter((_, j) => j % n === i).slice(0, 40);
      const client = new Client(i, this, own(beneficiaries), own(volunteers));
      await client.start();
      this.clients.push(client);
    }
  }

  start(): void {
    const [min, max] = this.options.pauseMs ?? [50, 250];
    this.running = Promise.all(
      this.clients.map(async (client) => {
        while (!this.stopped) {
          await client.step(this.rng);
          await sleep(this.rng.between(min, max));
        }
      }),
    ).then(() => {});
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }
}
