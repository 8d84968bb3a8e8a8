import { afterAll } from 'vitest';
import { embeddedAdapter } from './adapters.js';
import { contractSuite, figures } from './contract.js';

contractSuite(embeddedAdapter());

afterAll(() => console.log('concurrent confirms', JSON.stringify(figures)));
