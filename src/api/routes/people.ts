import { z } from 'zod';
import { AuditEvent, BeneficiaryView, Id, Note, Proposal, Tandem, Timestamp, Volunteer } from '../../domain/index.js';
import { OutboxMessage } from '../../store/outbox.js';
import { route } from '../../http/route.js';
import { erasePerson } from '../../services/commands/people.js';
import { IdParams } from '../schemas.js';
import { StaffView } from '../../domain/index.js';
import { OVERSIGHT } from './reports.js';

const PersonKind = z.enum(['volunteer', 'beneficiary', 'staff']);

const PersonExport = z.strictObject({
  personId: Id,
  kind: PersonKind,
  orgId: Id,
  exportedAt: Timestamp,
  record: z.union([Volunteer, BeneficiaryView, StaffView]),
  tandems: z.array(Tandem),
  proposals: z.array(Proposal),
  auditEvents: z.array(AuditEvent),
  excludedBy: z.array(Id),
  emails: z.array(OutboxMessage),
  notes: z.array(Note),
});

export const peopleRoutes = [
  route({
    method: 'get',
    path: '/people/{id}/export',
    summary: 'Everything held about a volunteer, beneficiary or staff member (GDPR art. 15)',
    tag: 'gdpr',
    access: OVERSIGHT,
    params: IdParams,
    status: 200,
    response: PersonExport,
    async handler({ deps, caller, params, res }) {
      res.set('Content-Disposition', `attachment; filename="${params.id}.json"`);
      return deps.services.people.export(caller.actor, params.id);
    },
  }),
  route({
    method: 'delete',
    path: '/people/{id}',
    summary:
      "Erases a person (GDPR art. 17): record, tandems, proposals, notes, messages; audit events keep a pseudonym. Only an admin erases an admin, never the organisation's last one",
    tag: 'gdpr',
    access: OVERSIGHT,
    params: IdParams,
    status: 200,
    conflicts: ['last_admin', 'admin_change_busy'],
    response: z.strictObject({
      kind: PersonKind,
      pseudonym: Id,
      tandems: z.number().int(),
      proposals: z.number().int(),
      auditEvents: z.number().int(),
      messages: z.number().int(),
      notes: z.number().int(),
    }),
    handler: ({ commands, caller, params }) => commands.run(erasePerson, caller.actor, { personId: params.id }),
  }),
];
