// The worker thread of chosenEdgesOnThread: solves the assignment it was started with.
import { parentPort, workerData } from 'node:worker_threads';
import { chosenEdges } from '../../scoring/assign.js';
import type { AssignColumns } from '../../scoring/schema/checked.js';

parentPort!.postMessage(chosenEdges(workerData as AssignColumns));
