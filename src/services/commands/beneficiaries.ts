/** A beneficiary's commands: the intake by a mediator, and changes to what they need, where and when. */
import { z } from 'zod';
import {
  BeneficiaryFields,
  BeneficiaryPatch,
  dayOf,
  Id,
  Intake,
  type Beneficiary,
  type Consent,
  type LegalBasis,
  type RecordMetaKey,
} from '../../domain/index.js';
import { ValidationError } from '../../errors/validation-error.js';
import { newId } from '../context.js';
import { insertOnce, keyedId } from '../idempotency.js';
import { asRead, command, ExpectedVersion, type CommandContext } from './command.js';
import { checkFollower, checkNeeds, FOLLOWERS, programmesOf } from './people.js';

/** A referral names one of the organisation's active sources. */
async function checkReferral(ctx: CommandContext, sourceId: string | undefined): Promise<void> {
  if (sourceId === undefined) return;
  const source = await ctx.store.referralSources.find(ctx.actor.orgId, sourceId);
  if (!source || source.status !== 'active')
    throw new ValidationError([{ field: 'body.referral.sourceId', message: 'no such active referral source' }]);
}

/** The record as a whole, checked with the paths of the body (a household keeps its members). */
function wholeRecord(fields: unknown): z.output<typeof BeneficiaryFields> {
  const parsed = BeneficiaryFields.safeParse(fields);
  if (!parsed.success) throw ValidationError.fromZod(parsed.error, ['body']);
  return parsed.data;
}

/**
 * The basis to store: the one named, or when none is, the person's consent if it is recorded, else
 * the organisation's legitimate interest (art. 6(1)(f)), the ground any programme may claim, where a
 * public task needs a legal mandate and a contract a signed agreement. A ground other than consent
 * holds from `at` (default now, never later); consent from the consent's own date, stored there alone.
 */
function basisToStore(named: LegalBasis | undefined, consent: Consent | undefined, now: string): LegalBasis {
  const basis = named ?? { ground: consent ? 'consent' : 'legitimate_interest' };
  if (basis.ground === 'consent') {
    if (basis.at !== undefined && consent && Date.parse(basis.at) !== Date.parse(consent.at))
      throw new ValidationError([
        { field: 'body.legalBasis.at', message: "is the consent's date (consent.at) for this ground: leave it out" },
      ]);
    return { ground: 'consent' };
  }
  if (basis.at !== undefined && basis.at > now)
    throw new ValidationError([{ field: 'body.legalBasis.at', message: 'must not be in the future' }]);
  return { ground: basis.ground, at: basis.at ?? now };
}

/**
 * A mediator takes a young person or a family in: they wait from today (unless told otherwise)
 * and are followed by that mediator (unless another is named, of the same organisation). Sent
 * again with the same Idempotency-Key, it takes nobody in twice and answers with the same person.
 */
export const intakeBeneficiary = command({
  name: 'beneficiary.intake',
  roles: FOLLOWERS,
  input: Intake.extend({ idempotencyKey: z.string().optional() }),
  async run(ctx, { idempotencyKey, ...input }): Promise<Beneficiary> {
    const { store, clock, actor } = ctx;
    const [programmes] = await Promise.all([
      programmesOf(ctx, input.programmeIds),
      checkReferral(ctx, input.referral?.sourceId),
      checkFollower(ctx, input.mediatorId, 'body.mediatorId'),
    ]);
    checkNeeds(programmes, input.needs, 'needs');
    const now = clock.now();
    const at = now.toISOString();
    const mediatorId = input.mediatorId ?? (actor.role === 'system' ? undefined : actor.userId);
    const fields = wholeRecord({
      ...input,
      legalBasis: basisToStore(input.legalBasis, input.consent, at),
      waitingSince: input.waitingSince ?? dayOf(now),
      ...(mediatorId && { mediatorId }),
      excludedVolunteerIds: [],
      status: 'active',
    });
    const { record: beneficiary, replayed } = await insertOnce(
      store.beneficiaries,
      {
        ...fields,
        id: keyedId('ben', actor.orgId, idempotencyKey, () => newId('ben')),
        orgId: actor.orgId,
        version: 1,
        createdAt: at,
        updatedAt: at,
      },
      idempotencyKey,
    );
    if (replayed) return beneficiary;
    ctx.raise({ type: 'PersonAdded', kind: 'beneficiary', person: beneficiary });
    return beneficiary;
  },
});

/** Changes a beneficiary (needs, availability, place, programmes, status…) from the version the mediator read. */
export const updateBeneficiary = command({
  name: 'beneficiary.update',
  roles: FOLLOWERS,
  input: z.strictObject({ beneficiaryId: Id, expectedVersion: ExpectedVersion, patch: BeneficiaryPatch }),
  async run(ctx, { beneficiaryId, expectedVersion, patch: asked }): Promise<Beneficiary> {
    const { store, clock, actor } = ctx;
    const now = clock.now();
    const current = asRead('beneficiary', await store.beneficiaries.get(actor.orgId, beneficiaryId), expectedVersion);
    const patch = asked.legalBasis
      ? { ...asked, legalBasis: basisToStore(asked.legalBasis, asked.consent ?? current.consent, now.toISOString()) }
      : asked;
    const [programmes] = await Promise.all([
      (patch.programmeIds || patch.needs) && programmesOf(ctx, patch.programmeIds ?? current.programmeIds),
      patch.referral?.sourceId !== current.referral?.sourceId && checkReferral(ctx, patch.referral?.sourceId),
      patch.mediatorId !== current.mediatorId && checkFollower(ctx, patch.mediatorId, 'body.mediatorId'),
    ]);
    // Needs kept from before are checked too when the programmes change.
    if (programmes) checkNeeds(programmes, patch.needs ?? current.needs, patch.needs ? 'needs' : 'programmeIds');
    wholeRecord({ ...fieldsOf(current), ...patch });
    const updated = await store.beneficiaries.update(actor.orgId, current.id, current.version, patch, now);
    ctx.raise({
      type: 'PersonChanged',
      kind: 'beneficiary',
      person: updated,
      fields: Object.keys(patch),
      formerProgrammeIds: current.programmeIds,
    });
    return updated;
  },
});

function fieldsOf(record: Beneficiary): Omit<Beneficiary, RecordMetaKey> {
  const { id: _id, orgId: _org, version: _v, createdAt: _c, updatedAt: _u, ...fields } = record;
  return fields;
}
