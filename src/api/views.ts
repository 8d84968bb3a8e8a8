/**
 * What the API returns: the domain records as stored (staff without their password hash), named
 * in the OpenAPI document's components.
 */
import { z } from 'zod';
import {
  AuditEvent,
  BeneficiaryView,
  Email,
  Id,
  MatchRun,
  Organisation,
  Programme,
  Role,
  ShortText,
  Slug,
  StaffView,
  Tandem,
  Timestamp,
  Volunteer,
} from '../domain/index.js';
import { components } from './openapi.js';

export const OrganisationView = z.strictObject({
  id: Id,
  version: z.number().int(),
  slug: Slug,
  name: Organisation.shape.name,
  kind: Organisation.shape.kind,
});

export function organisationView({ id, version, slug, name, kind }: Organisation): z.infer<typeof OrganisationView> {
  return { id, version, slug, name, kind };
}

export const Me = z.strictObject({
  user: z.strictObject({ id: Id, name: ShortText, email: Email, role: Role }),
  organisation: OrganisationView,
});

export const SessionCreated = Me.extend({ csrfToken: z.string(), expiresAt: Timestamp });

for (const [id, schema] of Object.entries({
  Programme,
  Volunteer,
  Beneficiary: BeneficiaryView,
  Tandem,
  MatchRun,
  AuditEvent,
  StaffUser: StaffView,
  Organisation: OrganisationView,
  Me,
})) {
  components.add(schema, { id });
}
