/**
 * Which queries of the hot paths the wire server answers without reading a whole collection. Every
 * query a recompute job (around a volunteer, around a beneficiary) and a beneficiary's proposals
 * send is captured from the driver and explained: FerretDB says whether it pushed the filter down
 * (`filterPushdown`), MongoDB whether its plan has a collection scan. A query that scans fails the
 * test unless it is one of those known to scan today, which keyed documents would remove (see the
 * README's benchmark section); reads and deletes by key must be pushed down.
 */
import type { CommandStartedEvent, Db, Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { generateInstance } from '../../../seeds/generator.js';
import { instanceRecords } from '../../../seeds/instance.js';
import { MatchingService } from '../../../src/services/matching.js';
import { systemClock } from '../../../src/store/clock.js';
import { silentLogger } from '../../../src/store/logger.js';
import { acquireClient, releaseClient } from '../../../src/store/mongo-client.js';
import { mongodbUri } from '../services.js';
import { openMongoStore } from '../../../src/store/mongo.js';
import { organisation, programme } from './fixtures.js';

/** Those that scan a collection on FerretDB with SQLite (the test server), each a query's shape. */
const KNOWN_SCANS = [
  'beneficiaries {orgId,place.location.lat:$gte,$lte,place.location.lon:$gte,$lte,programmeIds,status}',
  'proposalSets {beneficiaryId,orgId}',
  'proposalSets {beneficiaryId:$in,orgId,programmeId}',
  'proposalSets {orgId,programmeId,proposals.volunteerId}',
  'reservations {kind,orgId,personId:$in}',
  'volunteers {orgId,place.location.lat:$gte,$lte,place.location.lon:$gte,$lte,programmeIds,status}',
];

/** A filter's fields and operators, without its values: `{orgId,beneficiaryId:$in}`. */
function shape(filter: Document): string {
  const fields = Object.entries(filter).map(([field, value]) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? `${field}:${Object.keys(value).sort().join(',')}`
      : field,
  );
  return `{${fields.sort().join(',')}}`;
}

interface Query {
  db: string;
  collection: string;
  filter: Document;
}

/** The filters a command reads by, with its database and collection. */
function filtersOf(event: CommandStartedEvent): Query[] {
  const c = event.command;
  const db = event.databaseName;
  switch (event.commandName) {
    case 'find':
      return [{ db, collection: c.find, filter: c.filter ?? {} }];
    case 'delete':
      return (c.deletes as { q: Document }[]).map((d) => ({ db, collection: c.delete, filter: d.q }));
    case 'update':
      return (c.updates as { q: Document }[]).map((u) => ({ db, collection: c.update, filter: u.q }));
    case 'findAndModify':
      return [{ db, collection: c.findAndModify, filter: c.query }];
    default:
      return [];
  }
}

async function scans(db: Db, { collection, filter }: Query): Promise<boolean> {
  const explained = await db.command({ explain: { find: collection, filter }, verbosity: 'queryPlanner' });
  if ('filterPushdown' in explained) return !explained.filterPushdown;
  return JSON.stringify(explained.queryPlanner?.winningPlan ?? {}).includes('COLLSCAN');
}

describe('the hot paths, as the wire server explains their queries', () => {
  it('scan no collection beyond the known ones, and read and delete by key without a scan', async () => {
    // A client of its own (another URI), which reports the commands it sends.
    const uri = `${mongodbUri()}${mongodbUri().includes('?') ? '&' : '?'}monitorCommands=true`;
    const dbName = `pushdown_${process.pid}`;
    const store = await openMongoStore({ uri, dbName, logger: silentLogger });
    const client = (await acquireClient(uri, silentLogger)).current;
    try {
      const org = await store.organisations.insert(organisation());
      const prg = await store.programmes.insert(programme(org.id, { rules: { ...programme(org.id).rules, topK: 3 } }));
      const people = instanceRecords(generateInstance({ volunteers: 80, beneficiaries: 80, seed: 3 }), org.id, prg.id);
      for (const v of people.volunteers) await store.volunteers.insert(v);
      for (const b of people.beneficiaries) await store.beneficiaries.insert(b);
      const matching = new MatchingService({ store, clock: systemClock });
      await matching.recomputeProgramme(org.id, prg.id);

      const sent: Query[] = [];
      const listen = (event: CommandStartedEvent) => sent.push(...filtersOf(event));
      client.on('commandStarted', listen);
      try {
        for (const v of people.volunteers.slice(0, 5))
          await matching.recomputeAround(org.id, prg.id, { volunteerId: v.id });
        for (const b of people.beneficiaries.slice(0, 3)) {
          await matching.recomputeAround(org.id, prg.id, { beneficiaryId: b.id });
          await store.proposals.listForBeneficiary(org.id, b.id);
        }
      } finally {
        client.off('commandStarted', listen);
      }

      const shapes = new Map(sent.map((q) => [`${q.collection} ${shape(q.filter)}`, q]));
      const scanning: string[] = [];
      for (const [name, query] of shapes) if (await scans(client.db(query.db), query)) scanning.push(name);
      console.info(`pushdown: ${shapes.size} kinds of query, ${scanning.length} scanning: ${scanning.join('; ')}`);
      expect(scanning.filter((name) => !KNOWN_SCANS.includes(name))).toEqual([]);
      // Reads by key (and the deletes of replaced sets, one statement per key) are among them.
      expect([...shapes.keys()]).toEqual(
        expect.arrayContaining(['programmes {_id}', 'volunteers {_id}', 'beneficiaries {_id}', 'proposalSets {_id}']),
      );
    } finally {
      await client.db(dbName).dropDatabase();
      await releaseClient(uri);
      await store.close();
    }
  });
});
