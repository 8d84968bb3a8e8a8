import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { ValidationError } from '../../../src/errors/validation-error.js';

describe('loadConfig', () => {
  it('chooses the embedded store in ./data when MONGODB_URI is unset or empty', () => {
    expect(loadConfig({}).store).toEqual({ kind: 'embedded', dataDir: './data' });
    expect(loadConfig({ MONGODB_URI: '', TANDEM_DATA_DIR: '/var/lib/tandem' }).store).toEqual({
      kind: 'embedded',
      dataDir: '/var/lib/tandem',
    });
  });

  it('chooses MongoDB when MONGODB_URI is set', () => {
    expect(loadConfig({ MONGODB_URI: 'mongodb://db:27017/tandem' }).store).toEqual({
      kind: 'mongodb',
      uri: 'mongodb://db:27017/tandem',
    });
    expect(loadConfig({ MONGODB_URI: 'mongodb+srv://x.example/', MONGODB_DB: 'prod' }).store).toMatchObject({
      dbName: 'prod',
    });
  });

  it('names the variable at fault', () => {
    expect(() => loadConfig({ MONGODB_URI: 'postgres://db' })).toThrow(ValidationError);
    expect(() => loadConfig({ MONGODB_URI: 'postgres://db' })).toThrow(/^MONGODB_URI: must be a mongodb/);
    expect(() => loadConfig({ TANDEM_DEMO_PASSWORD: 'short' })).toThrow(/^TANDEM_DEMO_PASSWORD: must be at least 12/);
  });
});
