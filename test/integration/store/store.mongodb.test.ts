import { afterAll } from 'vitest';
import { mongoAdapter } from './adapters.js';
import { contractSuite, figures } from './contract.js';

contractSuite(mongoAdapter('contract'));

afterAll(() => console.log('concurrent confirms', JSON.stringify(figures)));
