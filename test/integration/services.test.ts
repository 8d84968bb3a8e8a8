import { createConnection } from 'node:net';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { mongodbUri, redisUrl } from './services.js';

describe('integration services', () => {
  it('answers MongoDB wire-protocol commands', async () => {
    const client = new MongoClient(mongodbUri(), { serverSelectionTimeoutMS: 5000 });
    try {
      const db = client.db('services_check');
      await db.collection('probe').insertOne({ ok: 1 });
      expect(await db.collection('probe').countDocuments()).toBe(1);
      await db.dropDatabase();
    } finally {
      await client.close();
    }
  });

  it('answers Redis PING', async () => {
    const url = new URL(redisUrl());
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = createConnection({ host: url.hostname, port: Number(url.port) }, () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        resolve(data.toString());
        socket.end();
      });
      socket.once('error', reject);
    });
    expect(reply).toBe('+PONG\r\n');
  });
});
