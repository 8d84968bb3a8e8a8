import { mongoAdapter } from '../store/adapters.js';
import { matchingSuite } from './matching.js';

matchingSuite(mongoAdapter('matching'));
