import { embeddedAdapter } from '../store/adapters.js';
import { matchingSuite } from './matching.js';

matchingSuite(embeddedAdapter());
