import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { Beneficiary, Proposal, Volunteer } from '../../../../src/domain/index.js';
import { COLLECTION_NAMES, COLLECTIONS } from '../../../../src/store/collections.js';
import { databaseInUri, mongoValidator, prepareDatabase } from '../../../../src/store/mongo.js';
import type { Logger } from '../../../../src/store/ports.js';

/** A stand-in for the driver's Db that records what is asked and refuses what a server lacks. */
function fakeDb(lacks: { validators?: boolean; ttl?: boolean } = {}) {
  const calls = {
    created: [] as { name: string; options: Record<string, unknown> }[],
    indexes: [] as { name: string; fields: unknown; options: Record<string, unknown> }[],
  };
  const notImplemented = () =>
    new MongoServerError({ code: 238, codeName: 'NotImplemented', errmsg: 'not implemented yet' });
  const db = {
    async createCollection(name: string, options: Record<string, unknown>) {
      if (lacks.validators) throw notImplemented();
      calls.created.push({ name, options });
    },
    async command() {
      throw new Error('collMod is only for existing collections');
    },
    collection(name: string) {
      return {
        async createIndex(fields: unknown, options: Record<string, unknown> = {}) {
          if (lacks.ttl && options.expireAfterSeconds !== undefined) throw notImplemented();
          calls.indexes.push({ name, fields, options });
        },
      };
    },
  };
  return { db: db as never, calls };
}

function recordingLogger() {
  const warnings: { event: string; fields?: Record<string, unknown> }[] = [];
  const logger: Logger = { info: () => {}, warn: (event, fields) => warnings.push({ event, fields }) };
  return { logger, warnings };
}

describe('prepareDatabase', () => {
  it('on MongoDB: a validator for every schema, every index with its options, nothing to warn about', async () => {
    const { db, calls } = fakeDb();
    const { logger, warnings } = recordingLogger();
    expect(await prepareDatabase(db, logger)).toEqual({ validators: true, ttlIndexes: true });
    const withSchema = COLLECTION_NAMES.filter((n) => COLLECTIONS[n].schema);
    expect(calls.created.map((c) => c.name)).toEqual(withSchema);
    expect(calls.created[0]!.options).toMatchObject({
      validationLevel: 'strict',
      validationAction: 'error',
      validator: { $jsonSchema: { bsonType: 'object' } },
    });
    expect(calls.indexes).toContainEqual({ name: 'staff', fields: { email: 1 }, options: { unique: true } });
    expect(calls.indexes).toContainEqual({
      name: 'proposalHistory',
      fields: { _expiresAt: 1 },
      options: { expireAfterSeconds: 0 },
    });
    expect(warnings).toEqual([]);
  });

  it('on FerretDB 1.x (NotImplemented, 238): goes on without validators and TTLs, keeps plain indexes, warns once per process', async () => {
    const { logger, warnings } = recordingLogger();
    for (let run = 0; run < 2; run++) {
      const { db, calls } = fakeDb({ validators: true, ttl: true });
      expect(await prepareDatabase(db, logger)).toEqual({ validators: false, ttlIndexes: false });
      expect(calls.created).toEqual([]);
      expect(calls.indexes).toContainEqual({ name: 'proposalHistory', fields: { _expiresAt: 1 }, options: {} });
      expect(calls.indexes).toContainEqual({
        name: 'programmes',
        fields: { orgId: 1, slug: 1 },
        options: { unique: true },
      });
    }
    expect(warnings).toEqual([
      {
        event: 'store.mongodb.unsupported',
        fields: expect.objectContaining({ missing: ['validators', 'ttlIndexes'] }),
      },
    ]);
  });

  it('fails on any other refusal', async () => {
    const db = {
      createCollection: async () => {
        throw new MongoServerError({ code: 13, codeName: 'Unauthorized', errmsg: 'not authorised' });
      },
      command: async () => ({}),
      collection: () => ({ createIndex: async () => 'x' }),
    };
    await expect(prepareDatabase(db as never, recordingLogger().logger)).rejects.toThrow(/not authorised/);
  });
});

describe('mongoValidator', () => {
  it('requires the top-level fields with their BSON types, _id for id', () => {
    const { $jsonSchema: schema } = mongoValidator(Volunteer);
    expect(schema.required).toEqual(expect.arrayContaining(['_id', 'orgId', 'version', 'contact', 'status', 'kind']));
    expect(schema.required).not.toContain('id');
    expect(schema.required).not.toContain('gender');
    expect(schema.properties.status).toEqual({
      bsonType: ['string'],
      enum: ['pending_email', 'pending_screening', 'active', 'paused', 'declined', 'left'],
    });
    expect(schema.properties.version.bsonType).toContain('int');
    expect(schema.properties.availability).toEqual({ bsonType: ['array'] });
  });

  it('accepts null where the schema does', () => {
    const { $jsonSchema: schema } = mongoValidator(Proposal);
    expect(schema.properties.supersededAt.bsonType).toEqual(['string', 'null']);
    expect(mongoValidator(Beneficiary).$jsonSchema.properties.kind).toEqual({
      bsonType: ['string'],
      enum: ['person', 'household'],
    });
  });
});

describe('databaseInUri', () => {
  it('reads the database from the path of the URI', () => {
    expect(databaseInUri('mongodb://h1:27017,h2:27017/tandem?replicaSet=rs0')).toBe('tandem');
    expect(databaseInUri('mongodb+srv://user:pw@cluster.example/prod')).toBe('prod');
    expect(databaseInUri('mongodb://127.0.0.1:27017/')).toBeUndefined();
    expect(databaseInUri('mongodb://127.0.0.1:27017')).toBeUndefined();
  });
});
