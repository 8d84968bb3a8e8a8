/** An admin's commands: the organisation's staff accounts and the organisation itself. */
import { z } from 'zod';
import { Id, NewStaff, OrganisationPatch, StaffPatch, type Organisation, type StaffUser } from '../../domain/index.js';
import { createStaff } from '../accounts.js';
import { adminChange } from '../admins.js';
import { asRead, command, ExpectedVersion } from './command.js';

const ADMIN = ['admin'] as const;

/** Creates a staff account with a generated password, returned this once. */
export const addStaff = command({
  name: 'staff.create',
  roles: ADMIN,
  input: NewStaff,
  async run(ctx, input): Promise<{ staff: StaffUser; password: string }> {
    const { actor } = ctx;
    const { staff, generatedPassword } = await createStaff(ctx, {
      ...input,
      orgId: actor.orgId,
      invitedBy: actor.userId,
    });
    ctx.raise({ type: 'StaffAdded', staff });
    return { staff, password: generatedPassword! };
  },
});

/** Renames a staff member, changes their role or disables them; never the organisation's last admin. */
export const updateStaff = command({
  name: 'staff.update',
  roles: ADMIN,
  input: z.strictObject({ staffId: Id, expectedVersion: ExpectedVersion, patch: StaffPatch }),
  async run(ctx, { staffId, expectedVersion, patch }): Promise<StaffUser> {
    const { store, clock, actor } = ctx;
    const target = asRead('staff', await store.staff.get(actor.orgId, staffId), expectedVersion);
    const staff = await adminChange(ctx, target, patch, () =>
      store.staff.update(actor.orgId, target.id, target.version, patch, clock.now()),
    );
    ctx.raise({ type: 'StaffChanged', staff, fields: Object.keys(patch) });
    return staff;
  },
});

export const updateOrganisation = command({
  name: 'organisation.update',
  roles: ADMIN,
  input: z.strictObject({ expectedVersion: ExpectedVersion, patch: OrganisationPatch }),
  async run(ctx, { expectedVersion, patch }): Promise<Organisation> {
    const { store, clock, actor } = ctx;
    const current = asRead('organisation', await store.organisations.get(actor.orgId, actor.orgId), expectedVersion);
    const organisation = await store.organisations.update(current.id, current.id, current.version, patch, clock.now());
    ctx.raise({ type: 'OrganisationChanged', organisation, fields: Object.keys(patch) });
    return organisation;
  },
});
